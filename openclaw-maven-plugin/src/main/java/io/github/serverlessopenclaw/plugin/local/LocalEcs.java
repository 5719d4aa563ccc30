package io.github.serverlessopenclaw.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.serverlessopenclaw.common.Env;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * ECS's RunTask, StopTask, DescribeTasks and ListTasks on loopback (JSON 1.1, the protocol the SDK speaks), for the
 * Lambdas and the plugin pointed at it by {@code AWS_ENDPOINT_URL_ECS}. The cluster and task definition are the ones
 * the templates created in moto; RunTask starts the bridge as a process of this machine with the task definition's
 * environment, its {@code secrets} read from SSM, the container overrides, and the image's Node, OpenClaw and jars.
 * StopTask sends SIGTERM (SIGKILL after the stop timeout, 30 s as ECS); a task's status comes from its process.
 *
 * <p>Networking: each task gets a loopback address of its own (127.0.0.2, .3, … on Linux; 127.0.0.1 elsewhere) as
 * its private IP, on which the bridge port ({@code BRIDGE_PORT}, 8080) is forwarded to the port the bridge really
 * listens on, so two tasks (an old one stopping, a new one starting) never fight for a port. The task metadata
 * endpoint v4 the bridge reads is served here too, at {@code /v4/<task id>}.
 */
public final class LocalEcs implements AutoCloseable {
    static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean LINUX =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(LocalServers.daemon("local-ecs"));
    private final EcsClient motoEcs;
    private final SsmClient motoSsm;
    private final String region;
    private final ContainerImage image;
    private final Path tasksDir;
    private final Map<String, String> localEnvironment;
    private final int bridgePort;
    private final Consumer<String> log;
    private final Map<String, LocalTask> tasks = new ConcurrentHashMap<>();
    private final AtomicInteger nextAddress = new AtomicInteger();

    /**
     * @param localEnvironment what this machine adds to every task (AWS_ENDPOINT_URL, credentials, region, the model's
     *                         endpoint, Telegram's API URL); the task definition's values and overrides come after it
     */
    public LocalEcs(
            EcsClient motoEcs,
            SsmClient motoSsm,
            String region,
            ContainerImage image,
            Path tasksDir,
            Map<String, String> localEnvironment,
            int bridgePort,
            Consumer<String> log)
            throws IOException {
        this.motoEcs = motoEcs;
        this.motoSsm = motoSsm;
        this.region = region;
        this.image = image;
        this.tasksDir = tasksDir;
        this.localEnvironment = Map.copyOf(localEnvironment);
        this.bridgePort = bridgePort;
        this.log = log;
        Files.createDirectories(tasksDir);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /** What {@code AWS_ENDPOINT_URL_ECS} points at. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The tasks started so far, newest last (the test looks at them; start-up prints them). */
    public List<LocalTask> tasks() {
        List<LocalTask> all = new ArrayList<>(tasks.values());
        all.sort((a, b) -> a.createdAt.compareTo(b.createdAt));
        return all;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if ("GET".equals(exchange.getRequestMethod()) && path.startsWith("/v4/")) {
                metadata(exchange, path.substring(4));
                return;
            }
            String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target"))
                    .orElse("");
            if (!"POST".equals(exchange.getRequestMethod()) || !target.startsWith(TARGET_PREFIX)) {
                error(exchange, 400, "UnknownOperationException", "only ECS JSON 1.1 calls are served here");
                return;
            }
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readNBytes(1 << 20);
                request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                error(exchange, 400, "SerializationException", "the body is not JSON");
                return;
            }
            try {
                JsonNode response = switch (target.substring(TARGET_PREFIX.length())) {
                    case "RunTask" -> runTask(request);
                    case "StopTask" -> stopTask(request);
                    case "DescribeTasks" -> describeTasks(request);
                    case "ListTasks" -> listTasks(request);
                    default ->
                        throw new EcsError(
                                "UnsupportedOperation",
                                "local ECS serves RunTask, StopTask, " + "DescribeTasks and ListTasks; "
                                        + target.substring(TARGET_PREFIX.length()) + " goes to moto");
                };
                send(exchange, 200, response);
            } catch (EcsError e) {
                error(exchange, 400, e.type, e.getMessage());
            } catch (RuntimeException e) {
                log.accept("local ECS: " + target + " failed: " + e);
                error(exchange, 500, "ServerException", String.valueOf(e.getMessage()));
            }
        }
    }

    private JsonNode runTask(JsonNode request) {
        String cluster = clusterName(required(request, "cluster", "default"));
        requireCluster(cluster);
        String definitionName = text(request, "taskDefinition");
        if (definitionName == null) {
            throw new EcsError("InvalidParameterException", "taskDefinition is required");
        }
        TaskDefinition definition;
        try {
            definition = motoEcs.describeTaskDefinition(b -> b.taskDefinition(definitionName))
                    .taskDefinition();
        } catch (software.amazon.awssdk.services.ecs.model.EcsException e) {
            throw new EcsError("ClientException", "Unable to describe task definition.");
        }
        if (request.path("count").asInt(1) != 1) {
            throw new EcsError("InvalidParameterException", "local ECS starts one task per RunTask");
        }
        if (request.has("launchType") && request.has("capacityProviderStrategy")) {
            // AWS: "launchType and capacityProviderStrategy cannot both be specified"
            throw new EcsError(
                    "InvalidParameterException",
                    "Specifying both a launch type and capacity provider strategy is not supported.");
        }
        if ("awsvpc".equals(definition.networkModeAsString())
                || !request.path("networkConfiguration").isMissingNode()) {
            JsonNode vpc = request.path("networkConfiguration").path("awsvpcConfiguration");
            if (!vpc.path("subnets").isArray() || vpc.path("subnets").isEmpty()) {
                throw new EcsError(
                        "InvalidParameterException",
                        "Network Configuration must be provided when networkMode 'awsvpc' is specified.");
            }
        }
        ContainerDefinition container = definition.containerDefinitions().get(0);
        Map<String, String> environment = new LinkedHashMap<>(localEnvironment);
        container.environment().forEach(pair -> environment.put(pair.name(), pair.value()));
        for (var secret : container.secrets()) {
            environment.put(secret.name(), secretValue(secret.valueFrom()));
        }
        for (JsonNode override : request.path("overrides").path("containerOverrides")) {
            if (!container.name().equals(override.path("name").asText())) {
                throw new EcsError(
                        "InvalidParameterException",
                        "Override for container named " + override.path("name").asText()
                                + " is not a container in the TaskDefinition.");
            }
            for (JsonNode pair : override.path("environment")) {
                environment.put(pair.path("name").asText(), pair.path("value").asText());
            }
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        String arn = "arn:aws:ecs:" + region + ":" + ACCOUNT + ":task/" + cluster + "/" + id;
        String ip = LINUX ? "127.0.0." + (2 + Math.floorMod(nextAddress.getAndIncrement(), 250)) : "127.0.0.1";
        LocalTask task = new LocalTask(
                arn,
                id,
                cluster,
                definition.taskDefinitionArn(),
                definition.family(),
                container.name(),
                ip,
                text(request, "startedBy"),
                request.has("launchType") ? text(request, "launchType") : null,
                request.path("overrides"));
        tasks.put(arn, task);
        try {
            start(task, environment);
        } catch (IOException | RuntimeException e) {
            task.stopped("TaskFailedToStart", "the bridge could not start here: " + e.getMessage(), null);
            log.accept("local ECS: task " + id + " failed to start: " + e.getMessage());
        }
        ObjectNode response = JSON.createObjectNode();
        response.putArray("tasks").add(task.toJson(JSON));
        response.putArray("failures");
        return response;
    }

    private void start(LocalTask task, Map<String, String> environment) throws IOException {
        Path dir = Files.createDirectories(tasksDir.resolve(task.id));
        searchable(tasksDir);
        searchable(dir);
        int port = freePort();
        // ECS-injected and image-provided values: not the task definition's to change
        environment.put(Env.ECS_METADATA_URI, endpoint() + "/v4/" + task.id);
        environment.put(Env.BRIDGE_PORT, Integer.toString(port));
        environment.put(Env.GATEWAY_PORT, Integer.toString(freePort()));
        environment.put(Env.OPENCLAW_NODE, image.node().toString());
        environment.put(Env.OPENCLAW_PACKAGE_DIR, image.openClawPackage().toString());
        environment.put(Env.OPENCLAW_STATE_DIR, dir.resolve("openclaw").toString());
        environment.put("HOME", dir.toString());
        environment.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
        task.forwarder = Forwarder.open(task.ip, bridgePort, port, pool);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(String.join(
                File.pathSeparator,
                image.bridgeClasspath().stream().map(Path::toString).toList()));
        command.add(image.mainClass());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        tasksDir.resolve(task.id + ".log").toFile()));
        builder.environment().clear(); // a container sees only its task's environment
        builder.environment().putAll(environment);
        task.process = builder.start();
        task.running();
        log.accept("container " + task.id.substring(0, 8) + " started for "
                + environment.getOrDefault(Env.TASK_USER_ID, "?") + " at " + task.ip + ":" + bridgePort + " (log "
                + tasksDir.resolve(task.id + ".log") + ")");
        task.process.onExit().thenAccept(p -> {
            task.forwarder.close();
            task.stopped(
                    task.stopRequested ? "UserInitiated" : "EssentialContainerExited",
                    task.stopRequested ? task.stoppedReason : "Essential container in task exited",
                    p.exitValue());
            log.accept("container " + task.id.substring(0, 8) + " stopped (exit " + p.exitValue() + ")"
                    + (p.exitValue() == 0 || task.stopRequested
                            ? ""
                            : ": " + lastWarning(tasksDir.resolve(task.id + ".log"))));
        });
    }

    /**
     * A bridge running as root starts the gateway as an unprivileged user (GatewayUser), which must reach the task's
     * folder: as in the image, the folders on the way are searchable by others (never readable or writable).
     */
    private static void searchable(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            var permissions = new java.util.HashSet<>(Files.getPosixFilePermissions(dir));
            if (permissions.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(dir, permissions);
            }
        }
    }

    /** The bridge's last warning (why it ended), for the start-up output. */
    static String lastWarning(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.stream()
                            .filter(l -> l.contains("WARN") || l.contains("ERROR"))
                            .reduce((a, b) -> b)
                            .or(() -> lines.stream().reduce((a, b) -> b))
                            .orElse("no output")
                    + " (log " + log + ")";
        } catch (IOException e) {
            return "its log " + log + " cannot be read";
        }
    }

    private String secretValue(String valueFrom) {
        // valueFrom is a parameter ARN (…:parameter/<name without its leading slash>) or, in the same region, a name
        String name = valueFrom;
        int marker = valueFrom.indexOf(":parameter/");
        if (valueFrom.startsWith("arn:") && marker > 0) {
            name = "/" + valueFrom.substring(marker + ":parameter/".length());
        }
        String parameter = name;
        try {
            return motoSsm.getParameter(b -> b.name(parameter).withDecryption(true))
                    .parameter()
                    .value();
        } catch (software.amazon.awssdk.services.ssm.model.SsmException e) {
            // ECS fails the task at start: "ResourceInitializationError: unable to pull secrets"
            throw new EcsError(
                    "ClientException",
                    "ResourceInitializationError: unable to pull secrets or registry auth: " + "the SSM parameter "
                            + parameter + " cannot be read ("
                            + e.awsErrorDetails().errorCode() + ")");
        }
    }

    private JsonNode stopTask(JsonNode request) {
        String cluster = clusterName(required(request, "cluster", "default"));
        LocalTask task = find(cluster, text(request, "task"))
                .orElseThrow(() -> new EcsError("InvalidParameterException", "The referenced task was not found."));
        String reason = Optional.ofNullable(text(request, "reason")).orElse("Task stopped by user");
        task.stop(reason, STOP_TIMEOUT, pool);
        ObjectNode response = JSON.createObjectNode();
        response.set("task", task.toJson(JSON));
        return response;
    }

    private JsonNode describeTasks(JsonNode request) {
        String cluster = clusterName(required(request, "cluster", "default"));
        requireCluster(cluster);
        ObjectNode response = JSON.createObjectNode();
        ArrayNode found = response.putArray("tasks");
        ArrayNode failures = response.putArray("failures");
        JsonNode wanted = request.path("tasks");
        if (!wanted.isArray() || wanted.isEmpty() || wanted.size() > 100) {
            throw new EcsError("InvalidParameterException", "tasks must name 1 to 100 tasks");
        }
        for (JsonNode name : wanted) {
            Optional<LocalTask> task = find(cluster, name.asText());
            if (task.isPresent()) {
                found.add(task.get().toJson(JSON));
            } else {
                failures.addObject().put("arn", name.asText()).put("reason", "MISSING");
            }
        }
        return response;
    }

    private JsonNode listTasks(JsonNode request) {
        String cluster = clusterName(required(request, "cluster", "default"));
        requireCluster(cluster);
        String family = text(request, "family");
        String startedBy = text(request, "startedBy");
        String desired = Optional.ofNullable(text(request, "desiredStatus")).orElse("RUNNING"); // AWS's default
        ObjectNode response = JSON.createObjectNode();
        ArrayNode arns = response.putArray("taskArns");
        for (LocalTask task : tasks()) {
            if (task.cluster.equals(cluster)
                    && (family == null || family.equals(task.family))
                    && (startedBy == null || startedBy.equals(task.startedBy))
                    && desired.equals(task.desiredStatus)) {
                arns.add(task.arn);
            }
        }
        return response;
    }

    private void metadata(HttpExchange exchange, String rest) throws IOException {
        String id = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        LocalTask task =
                tasks.values().stream().filter(t -> t.id.equals(id)).findFirst().orElse(null);
        if (task == null) {
            error(exchange, 404, "NotFound", "no such task");
            return;
        }
        ObjectNode body = JSON.createObjectNode()
                .put("Cluster", task.cluster)
                .put("TaskARN", task.arn)
                .put("Family", task.family)
                .put("DesiredStatus", task.desiredStatus)
                .put("KnownStatus", task.lastStatus);
        ObjectNode container = body.putArray("Containers").addObject().put("Name", task.containerName);
        container
                .putArray("Networks")
                .addObject()
                .put("NetworkMode", "awsvpc")
                .putArray("IPv4Addresses")
                .add(task.ip);
        send(exchange, 200, body);
    }

    private Optional<LocalTask> find(String cluster, String nameOrArn) {
        if (nameOrArn == null) {
            throw new EcsError("InvalidParameterException", "task is required");
        }
        return tasks.values().stream()
                .filter(t -> t.cluster.equals(cluster) && (t.arn.equals(nameOrArn) || t.id.equals(nameOrArn)))
                .findFirst();
    }

    private void requireCluster(String cluster) {
        var described = motoEcs.describeClusters(b -> b.clusters(cluster));
        if (described.clusters().stream().noneMatch(c -> "ACTIVE".equals(c.status()))) {
            throw new EcsError("ClusterNotFoundException", "Cluster not found.");
        }
    }

    private static String clusterName(String value) {
        return value.contains(":cluster/") ? value.substring(value.indexOf(":cluster/") + ":cluster/".length()) : value;
    }

    private static String required(JsonNode request, String field, String fallback) {
        String value = text(request, field);
        return value == null ? fallback : value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        LocalServers.send(exchange, status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(body));
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        send(exchange, status, JSON.createObjectNode().put("__type", type).put("message", message));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Stops every task (SIGTERM, then SIGKILL after the budget) and the server. */
    @Override
    public void close() {
        for (LocalTask task : tasks.values()) {
            if (task.process != null && task.process.isAlive()) {
                task.stop("openclaw:run stopped", Duration.ofSeconds(20), pool);
            }
        }
        for (LocalTask task : tasks.values()) {
            if (task.process != null) {
                try {
                    task.process.onExit().get(25, TimeUnit.SECONDS);
                } catch (Exception e) {
                    task.process.destroyForcibly();
                }
            }
        }
        server.stop(0);
        pool.shutdownNow();
    }

    static final class EcsError extends RuntimeException {
        final String type;

        EcsError(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    /** One task: its process and the ECS view of it. */
    public static final class LocalTask {
        final String arn;
        final String id;
        final String cluster;
        final String definitionArn;
        final String family;
        final String containerName;
        final String ip;
        final String startedBy;
        final String launchType;
        final JsonNode overrides;
        final Instant createdAt = Instant.now();
        volatile Instant startedAt;
        volatile Instant stoppingAt;
        volatile Instant stoppedAt;
        volatile String lastStatus = "PROVISIONING";
        volatile String desiredStatus = "RUNNING";
        volatile String stopCode;
        volatile String stoppedReason;
        volatile Integer exitCode;
        volatile boolean stopRequested;
        volatile Process process;
        volatile Forwarder forwarder;

        LocalTask(
                String arn,
                String id,
                String cluster,
                String definitionArn,
                String family,
                String containerName,
                String ip,
                String startedBy,
                String launchType,
                JsonNode overrides) {
            this.arn = arn;
            this.id = id;
            this.cluster = cluster;
            this.definitionArn = definitionArn;
            this.family = family;
            this.containerName = containerName;
            this.ip = ip;
            this.startedBy = startedBy;
            this.launchType = launchType;
            this.overrides = overrides;
        }

        public String arn() {
            return arn;
        }

        public String lastStatus() {
            return lastStatus;
        }

        public Optional<Process> process() {
            return Optional.ofNullable(process);
        }

        void running() {
            startedAt = Instant.now();
            lastStatus = "RUNNING";
        }

        synchronized void stop(String reason, Duration budget, ExecutorService pool) {
            if (stopRequested || "STOPPED".equals(lastStatus)) {
                return;
            }
            stopRequested = true;
            stoppedReason = reason;
            desiredStatus = "STOPPED";
            stoppingAt = Instant.now();
            lastStatus = "DEACTIVATING";
            Process running = process;
            if (running == null) {
                stopped("UserInitiated", reason, null);
                return;
            }
            running.destroy(); // SIGTERM, as ECS sends to the container's PID 1
            pool.submit(() -> {
                try {
                    if (!running.waitFor(budget.toMillis(), TimeUnit.MILLISECONDS)) {
                        running.destroyForcibly(); // SIGKILL after stopTimeout
                    }
                } catch (InterruptedException e) {
                    running.destroyForcibly();
                }
            });
        }

        synchronized void stopped(String code, String reason, Integer exit) {
            stopCode = code;
            stoppedReason = reason;
            exitCode = exit;
            desiredStatus = "STOPPED";
            stoppedAt = Instant.now();
            lastStatus = "STOPPED";
        }

        ObjectNode toJson(ObjectMapper json) {
            String region = arn.split(":")[3];
            ObjectNode task = json.createObjectNode()
                    .put("taskArn", arn)
                    .put("clusterArn", "arn:aws:ecs:" + region + ":" + ACCOUNT + ":cluster/" + cluster)
                    .put("taskDefinitionArn", definitionArn)
                    .put("group", "family:" + family)
                    .put("lastStatus", lastStatus)
                    .put("desiredStatus", desiredStatus)
                    .put("createdAt", createdAt.toEpochMilli() / 1000.0);
            if (launchType != null) {
                task.put("launchType", launchType);
            }
            if (startedBy != null) {
                task.put("startedBy", startedBy);
            }
            if (startedAt != null) {
                task.put("startedAt", startedAt.toEpochMilli() / 1000.0);
            }
            if (stoppingAt != null) {
                task.put("stoppingAt", stoppingAt.toEpochMilli() / 1000.0);
            }
            if (stoppedAt != null) {
                task.put("stoppedAt", stoppedAt.toEpochMilli() / 1000.0);
            }
            if (stopCode != null) {
                task.put("stopCode", stopCode);
            }
            if (stoppedReason != null) {
                task.put("stoppedReason", stoppedReason);
            }
            if (!overrides.isMissingNode()) {
                task.set("overrides", overrides);
            }
            ObjectNode container = task.putArray("containers")
                    .addObject()
                    .put("name", containerName)
                    .put("taskArn", arn)
                    .put("lastStatus", lastStatus);
            if (exitCode != null) {
                container.put("exitCode", exitCode);
            }
            container.putArray("networkInterfaces").addObject().put("privateIpv4Address", ip);
            ObjectNode eni = task.putArray("attachments")
                    .addObject()
                    .put("id", id)
                    .put("type", "ElasticNetworkInterface")
                    .put("status", "STOPPED".equals(lastStatus) ? "DELETED" : "ATTACHED");
            eni.putArray("details")
                    .addObject()
                    .put("name", "privateIPv4Address")
                    .put("value", ip);
            return task;
        }
    }

    /** Plain TCP from {@code ip:port} to the bridge's own loopback port (TLS passes through untouched). */
    static final class Forwarder implements AutoCloseable {
        private final ServerSocket listener;

        private Forwarder(ServerSocket listener) {
            this.listener = listener;
        }

        static Forwarder open(String ip, int port, int targetPort, ExecutorService pool) throws IOException {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getByName(ip), port), 64);
            Forwarder forwarder = new Forwarder(listener);
            pool.submit(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket client = listener.accept();
                        pool.submit(() -> connect(client, targetPort, pool));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            return forwarder;
        }

        private static void connect(Socket client, int targetPort, ExecutorService pool) {
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                pool.submit(() -> pipe(client, upstream));
                pipe(upstream, client);
            } catch (IOException e) {
                closeQuietly(client); // the bridge is not listening (yet): the caller sees a refused connection
            }
        }

        private static void pipe(Socket from, Socket to) {
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }

        @Override
        public void close() {
            try {
                listener.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
