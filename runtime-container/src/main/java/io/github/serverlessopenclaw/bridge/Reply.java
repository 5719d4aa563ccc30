package io.github.serverlessopenclaw.bridge;

/** Where one reply goes while it is produced: a WebSocket client or a Telegram chat. Calls never block. */
interface Reply {
    /** A piece of the reply; with {@code replace} it is the whole text so far, replacing what was shown. */
    void chunk(String content, boolean replace);

    /** The reply is complete; {@code fullText} is the authoritative text (it may differ from the stream). */
    void end(String fullText);

    /** The reply failed; {@code userText} is shown to the user, {@code code} is for machines. */
    void error(String userText, String code);

    /** Resolves once everything above has been handed over (or given up), for ordering and shutdown. */
    java.util.concurrent.CompletableFuture<Void> delivered();
}
