package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Protocol;
import java.util.Map;

/**
 * A user message on its way to the user's container. {@code taskEnvironment} is added to the container's
 * environment if this message has to start one.
 */
record InboundMessage(String userId, String text, Protocol.Channel channel, String connectionId,
                      Map<String, String> taskEnvironment) {
}
