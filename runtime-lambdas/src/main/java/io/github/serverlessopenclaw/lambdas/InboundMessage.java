package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Protocol;
import java.util.Map;

/**
 * A user message on its way to the user's container. {@code conversationId} (validated by the handler; null
 * means {@link Protocol#DEFAULT_CONVERSATION}) travels with it to PendingMessages and the bridge, which keys the
 * gateway session and the stored history by it. {@code taskEnvironment} is added to the container's environment
 * if this message has to start one. {@code language} is the user's, for the bridge's notices and errors about it.
 */
record InboundMessage(
        String userId,
        String text,
        Protocol.Channel channel,
        String connectionId,
        String conversationId,
        Map<String, String> taskEnvironment,
        Language language) {
    InboundMessage {
        conversationId = conversationId == null ? Protocol.DEFAULT_CONVERSATION : conversationId;
        language = language == null ? Language.en : language;
    }
}
