package io.github.serverlessopenclaw.bridge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.serverlessopenclaw.common.BridgeTls;
import io.github.serverlessopenclaw.common.Json;
import io.github.serverlessopenclaw.common.Log;
import io.github.serverlessopenclaw.common.Metrics;
import io.github.serverlessopenclaw.common.RuntimeMetric;
import io.github.serverlessopenclaw.common.Texts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bridge's life: start the HTTP API at once (messages wait for the gateway), start the gateway and
 * restore the workspace in parallel, handshake, publish {@code Running} with the task's address, answer
 * the pending queue; back up periodically; stop on idle, {@code POST /shutdown}, a gateway that cannot be
 * kept alive, or SIGTERM — finishing in-flight replies within the budget and putting the rest back in the
 * pending queue, backing up, and releasing the TaskState row.
 *
 * <p>A prewarmed container ({@code USER_ID=system:prewarm}) starts without a user: it restores no workspace and
 * has no queue of its own. The first user whose message arrives has claimed it (the Lambda moved the TaskState
 * row in one transaction): from then on the workspace (restore before that user's first reply, backups) and
 * the pending queue are that user's. Until claimed it never stops itself for idleness; the watchdog, which
 * knows {@code prewarmUntil}, does. Claimed, it stops itself only as {@link IdleStop} says.
 */
final class Bridge implements BridgeHttpApi.Bridge {
    /**
     * Start-up notices to the Telegram chat a container was started for (the webhook already said "waking up"), in the
     * chat's language: the webhook passes it, as no message is read before the first notice.
     */
    static final Texts NOTICE_STARTING = Texts.CONTAINER_STARTED;

    static final Texts NOTICE_READY = Texts.AGENT_READY;
    /** The task ARN requests must name when there is no ECS metadata endpoint (local runs, tests). */
    static final String LOCAL_TASK = "local";

    private final BridgeConfig config;
    private final AwsServices aws;
    private final Clock clock;
    private final Runnable exit;
    private final ExecutorService pool = Executors.newCachedThreadPool(Threads.daemon("bridge-work"));
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(Threads.daemon("bridge-timer"));
    private final CompletableFuture<Void> gatewayReady = new CompletableFuture<>();
    private final AtomicBoolean accepting = new AtomicBoolean(true);
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final CompletableFuture<Void> stoppedFuture = new CompletableFuture<>();
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();
    private volatile Instant lastActivity;
    private volatile String phase = "starting";

    /** This container's certificate, private key and token: made here, kept in memory, published in TaskState. */
    private final BridgeTls.Identity transport = BridgeTls.generate();

    private final BridgeHttpApi api;
    private final GatewayProcess gateway;
    private final GatewayClient client;
    private final MessageProcessor processor;
    private final FirstTurnWarmUp warmUp;
    private final PendingQueue pending;
    private final PendingAnswers pendingAnswers;
    /** The user whose workspace and queue this container holds. */
    private final Ownership owner;

    private final OwnerWorkspace workspace;
    private final TelegramReplies telegram;
    private volatile TaskStateStore taskState;
    private final IdleStop idle;
    private volatile long httpReadyNanos;
    private volatile Startup startup;

    Bridge(BridgeConfig config, AwsServices aws, Clock clock, LatencyRecorder latency, Runnable exit) {
        this(config, aws, clock, latency, exit, ProjectAgent.fromEnvironment(System.getenv(), aws::s3));
    }

    /** With the project's agent folder, fallbacks and capabilities ({@link ProjectAgent}). */
    Bridge(
            BridgeConfig config,
            AwsServices aws,
            Clock clock,
            LatencyRecorder latency,
            Runnable exit,
            ProjectAgent agent) {
        this.config = config;
        this.aws = aws;
        this.clock = clock;
        this.exit = exit;
        this.startedAt = clock.instant();
        this.lastActivity = startedAt;
        this.api = new BridgeHttpApi(config.port(), transport, config.callbackUrl(), this, clock);
        this.gateway = new GatewayProcess(
                config.gateway(),
                why -> {
                    Log.warn(why + "; stopping the bridge");
                    shutdown(why);
                },
                GatewayUser.forThisProcess(),
                agent);
        this.client =
                new GatewayClient(gateway.webSocketUri(), config.gateway().token(), GatewayClient.Settings.defaults());
        this.pending = new PendingQueue(aws.dynamo(), config.pendingTable(), clock);
        this.owner = new Ownership(config.userId());
        this.workspace = new OwnerWorkspace(
                user -> config.dataBucket() == null
                        ? null
                        : new WorkspaceSync(
                                aws.s3(),
                                config.dataBucket(),
                                config.workspacePrefix(user),
                                config.gateway().workspace(),
                                gateway.user()),
                () -> ProjectWorkspace.applyOrWarn(
                        config.gateway().workspace(), agent.workspaceFiles(), gateway.user()),
                pool);
        this.telegram = new TelegramReplies(config.telegramApi(), config.telegramBotToken(), pool);
        this.processor = new MessageProcessor(
                client,
                gatewayReady,
                new WebSocketReplies(aws.managementApi(), pool, latency),
                telegram,
                new ConversationStore(aws.dynamo(), config.conversationsTable(), clock),
                latency,
                config.runTimeout());
        processor.onActivity(() -> lastActivity = clock.instant());
        this.warmUp = new FirstTurnWarmUp(client);
        this.pendingAnswers = new PendingAnswers(pending, processor, config.callbackUrl(), clock);
        this.idle = new IdleStop(
                config.idleTimeout(),
                () -> {
                    TaskStateStore state = taskState;
                    String user = owner.owner();
                    return state == null || user == null ? null : state.prewarmUntil(user);
                },
                clock);
    }

    /** Starts everything; returns when the bridge answers messages. Throws when the gateway cannot start. */
    void start() {
        api.start();
        httpReadyNanos = System.nanoTime() - startNanos;
        Log.info("bridge listening on port " + api.port() + " after " + millis(httpReadyNanos) + " ms");
        notice(NOTICE_STARTING);
        CompletableFuture<WorkspaceSync.Result> restored =
                workspace.restore(owner.prewarmed() ? null : config.userId());
        CompletableFuture<TaskIdentity> identity = config.metadataUri() == null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(
                        () -> TaskIdentity.fromMetadata(config.metadataUri(), aws.publicIps()), pool);
        long gatewayStart = System.nanoTime();
        gateway.start();
        gateway.awaitStarted();
        long gatewayStarted = System.nanoTime();
        client.connect(Duration.ofSeconds(60));
        long connected = System.nanoTime();
        WorkspaceSync.Result restore = restored.join();
        if (!owner.prewarmed()) {
            workspace.markReady();
        }
        notice(NOTICE_READY); // handed over before any reply, and Telegram keeps one chat's messages in order
        gatewayReady.complete(null);
        phase = "running";
        TaskIdentity task = identity.join();
        if (task != null) {
            api.taskArn(task.taskArn());
            taskState = new TaskStateStore(aws.dynamo(), config.taskStateTable(), task.taskArn(), clock);
            taskState.markRunning(config.userId(), task.reachableIp(), transport.fingerprint(), transport.token());
            Log.info("TaskState Running at " + task.reachableIp() + ", certificate sha256 " + transport.fingerprint());
        } else {
            api.taskArn(LOCAL_TASK);
            Log.warn("no ECS metadata endpoint; TaskState is not written");
        }
        long ready = System.nanoTime();
        startup = new Startup(
                millis(httpReadyNanos),
                millis(gatewayStarted - gatewayStart),
                millis(connected - gatewayStarted),
                millis(ready - startNanos));
        startup.emit();
        Log.info("ready in " + millis(ready - startNanos) + " ms (gateway " + millis(gatewayStarted - gatewayStart)
                + " ms, handshake " + millis(connected - gatewayStarted) + " ms, workspace " + restore.files()
                + " files)");
        if (!owner.prewarmed()) {
            pool.execute(() -> {
                if (drainPending(config.userId()) == 0) {
                    warmUp();
                }
            });
        } else {
            // no warm-up: OpenClaw seeds a new workspace at its first turn, and this one gets the claiming user's
            // files only at the claim; seeded before, it would not be the workspace that user's turns see
            Log.info("prewarmed: waiting for a user to claim this container");
        }
        if (config.dataBucket() != null) {
            timers.scheduleAtFixedRate(
                    workspace::periodicBackup,
                    config.backupInterval().toMillis(),
                    config.backupInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        timers.scheduleAtFixedRate(this::checkIdle, 30, 30, TimeUnit.SECONDS);
    }

    /** Best effort, in the background: an unreachable Telegram never delays or fails the start. */
    private void notice(Texts text) {
        if (config.telegramChatId() != null && config.telegramBotToken() != null) {
            telegram.notice(config.telegramChatId(), text.in(config.noticeLanguage()));
        }
    }

    /** The prewarmed container now belongs to {@code user}: restore that user's workspace and answer their queue. */
    private void claimedBy(String user) {
        Log.info("prewarmed container claimed by " + user);
        Metrics.emit(RuntimeMetric.PREWARM_CLAIMED, 1);
        workspace.restore(user).thenAccept(result -> {
            Log.info("workspace of the claiming user restored: " + result.files() + " files");
            workspace.markReady();
        });
        gatewayReady.thenRunAsync(() -> drainPending(user), pool);
    }

    /** Answers every queued message of the container's user, oldest first, until the queue stays empty. */
    private int drainPending(String user) {
        return pendingAnswers.drain(user, accepting::get, owner.served()::add, workspace.ready());
    }

    /**
     * The first turn's one-time work, when no message did it already (a message that came with the start, the
     * script's case, has been answered by now and did that work itself), on the user's restored workspace. Messages
     * arriving meanwhile go ahead.
     */
    private void warmUp() {
        if (config.warmUp() && accepting.get() && processor.inFlightCount() == 0) {
            warmUp.run();
        }
    }

    /**
     * Only the owner's messages: the {@code USER_ID} the container was started for, or, for a prewarmed one, the
     * first user whose TaskState row names this task (the Lambda moved the prewarm row there in one transaction).
     */
    @Override
    public BridgeHttpApi.Acceptance accept(BridgeMessage message) {
        if (!accepting.get()) {
            return BridgeHttpApi.Acceptance.SHUTTING_DOWN;
        }
        if (!owner.admits(message.userId(), taskState, this::claimedBy)) {
            return BridgeHttpApi.Acceptance.NOT_OWNER;
        }
        TaskStateStore state = taskState;
        if (state != null) {
            pool.execute(() -> {
                try {
                    state.touch(message.userId());
                } catch (RuntimeException e) {
                    Log.warn("could not record activity", e);
                }
            });
        }
        warmUp.stop();
        processor.process(message, workspace.ready());
        return BridgeHttpApi.Acceptance.ACCEPTED;
    }

    @Override
    public ObjectNode status() {
        return Json.object()
                .put("status", phase)
                .put(
                        "uptimeSeconds",
                        Duration.between(startedAt, clock.instant()).toSeconds())
                .put("lastActivity", lastActivity.toString())
                .put("inFlight", processor.inFlightCount())
                .put("gatewayConnected", client.isConnected())
                .put("gatewayRestarts", gateway.restarts());
    }

    /** Stops in the background (callers: the API, the idle timer, the gateway supervisor), then exits. */
    @Override
    public void shutdown(String reason) {
        Thread thread = new Thread(
                () -> {
                    stop(reason);
                    exit.run();
                },
                "bridge-shutdown");
        thread.start();
    }

    /** The stop sequence; runs once, later callers wait for it. Safe from a shutdown hook. */
    void stop(String reason) {
        if (!stopped.compareAndSet(false, true)) {
            stoppedFuture.join();
            return;
        }
        long deadline = System.nanoTime() + config.shutdownBudget().toNanos();
        Log.info("stopping (" + reason + ")");
        phase = "stopping";
        accepting.set(false);
        try {
            releaseTaskState();
            // leave room at the end for the backup and the gateway's own stop
            long waitNanos = Math.max(0, deadline - System.nanoTime() - TimeUnit.SECONDS.toNanos(8));
            processor.finishOrRequeue(waitNanos, pending::requeue);
            workspace.finalBackup();
        } finally {
            timers.shutdownNow();
            client.close();
            gateway.stop(
                    Duration.ofSeconds(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()) - 1)));
            api.close();
            Log.info("stopped (" + reason + ")");
            stoppedFuture.complete(null);
        }
    }

    /** No row means "no task": the next message starts a new container instead of waiting for this one. */
    private void releaseTaskState() {
        TaskStateStore state = taskState;
        if (state == null) {
            return;
        }
        owner.served().add(config.userId());
        state.releaseAll(owner.served());
    }

    /** See {@link IdleStop}: the bridge never stops itself before the watchdog would. */
    private void checkIdle() {
        if (owner.owner() != null && processor.inFlightCount() == 0 && idle.due(lastActivity)) {
            shutdown("idle for " + idle.after().toMinutes() + " minutes");
        }
    }

    int port() {
        return api.port();
    }

    /** The certificate fingerprint and token this container published (tests call it as the Lambdas would). */
    BridgeTls.Identity identity() {
        return transport;
    }

    GatewayProcess gateway() {
        return gateway;
    }

    GatewayClient client() {
        return client;
    }

    Startup startup() {
        return startup;
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
