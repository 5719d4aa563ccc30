package io.github.serverlessopenclaw.bridge;

import io.github.serverlessopenclaw.common.Language;
import io.github.serverlessopenclaw.common.Protocol;
import java.time.Instant;

/**
 * One user message the bridge answers: from {@code POST /message} or from the pending queue.
 *
 * @param callbackUrl the WebSocket API's management endpoint (web replies); unused for Telegram
 */
record BridgeMessage(
        String userId,
        String message,
        Protocol.Channel channel,
        String connectionId,
        String callbackUrl,
        String conversationId,
        Instant receivedAt,
        Language language) {
    BridgeMessage {
        language = language == null ? Language.en : language; // the user's, for notices and errors about it
    }

    boolean toTelegram() {
        return connectionId.startsWith(Protocol.TELEGRAM_CONNECTION_PREFIX);
    }
}
