package io.github.serverlessopenclaw.plugin.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The project's own Lambda runtime loop, for the platforms AWS's runtime interface client has no native code for
 * (macOS, Windows): it speaks the same Runtime API ({@code next}, {@code response}, {@code error}, {@code init/error})
 * and runs {@code RequestStreamHandler}s, which all the project's handlers are. JDK and aws-lambda-java-core only: it
 * runs in the function's JVM with nothing else of the plugin loaded.
 */
public final class RuntimeLoop {
    private RuntimeLoop() {}

    public static void main(String[] args) throws Exception {
        String api = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime";
        RequestStreamHandler handler;
        try {
            handler = load(args.length > 0 ? args[0] : System.getenv("_HANDLER"));
        } catch (Throwable e) {
            post(api + "/init/error", "Runtime.HandlerNotFound", error(e));
            System.exit(1);
            return;
        }
        System.err.println("runtime: the project's own loop (the runtime interface client does not run here)");
        while (true) {
            HttpURLConnection next = (HttpURLConnection)
                    URI.create(api + "/invocation/next").toURL().openConnection();
            next.setReadTimeout(0);
            byte[] event = next.getInputStream().readAllBytes();
            String id = next.getHeaderField("Lambda-Runtime-Aws-Request-Id");
            long deadline = Long.parseLong(next.getHeaderField("Lambda-Runtime-Deadline-Ms"));
            String arn = next.getHeaderField("Lambda-Runtime-Invoked-Function-Arn");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(event), out, context(id, deadline, arn));
                post(api + "/invocation/" + id + "/response", null, out.toByteArray());
            } catch (Throwable e) {
                e.printStackTrace();
                post(api + "/invocation/" + id + "/error", "Runtime.UserException", error(e));
            }
        }
    }

    private static RequestStreamHandler load(String handlerString) throws ReflectiveOperationException, IOException {
        String className = handlerString.split("::")[0];
        File root = new File(System.getProperty("user.dir"));
        List<URL> urls = new ArrayList<>();
        urls.add(root.toURI().toURL());
        File[] jars = new File(root, "lib").listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars != null) {
            Arrays.sort(jars);
            for (File jar : jars) {
                urls.add(jar.toURI().toURL());
            }
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getSystemClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Object instance =
                Class.forName(className, true, loader).getDeclaredConstructor().newInstance();
        if (!(instance instanceof RequestStreamHandler streamHandler)) {
            throw new IllegalStateException(
                    className + " is not a RequestStreamHandler (the own loop runs only those)");
        }
        return streamHandler;
    }

    private static byte[] error(Throwable e) {
        return ("{\"errorMessage\":" + quote(String.valueOf(e.getMessage())) + ",\"errorType\":"
                        + quote(e.getClass().getName()) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string (the loop loads nothing but the JDK and aws-lambda-java-core). */
    static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static void post(String url, String errorType, byte[] body) throws IOException {
        HttpURLConnection post = (HttpURLConnection) URI.create(url).toURL().openConnection();
        post.setRequestMethod("POST");
        post.setDoOutput(true);
        post.setRequestProperty("Content-Type", "application/json");
        if (errorType != null) {
            post.setRequestProperty("Lambda-Runtime-Function-Error-Type", errorType);
        }
        post.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = post.getOutputStream()) {
            out.write(body);
        }
        post.getResponseCode();
        post.disconnect();
    }

    private static Context context(String id, long deadline, String arn) {
        String name = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        return new Context() {
            public String getAwsRequestId() {
                return id;
            }

            public String getLogGroupName() {
                return System.getenv("AWS_LAMBDA_LOG_GROUP_NAME");
            }

            public String getLogStreamName() {
                return System.getenv("AWS_LAMBDA_LOG_STREAM_NAME");
            }

            public String getFunctionName() {
                return name;
            }

            public String getFunctionVersion() {
                return System.getenv("AWS_LAMBDA_FUNCTION_VERSION");
            }

            public String getInvokedFunctionArn() {
                return arn;
            }

            public CognitoIdentity getIdentity() {
                return null;
            }

            public ClientContext getClientContext() {
                return null;
            }

            public int getRemainingTimeInMillis() {
                return (int) Math.max(0, deadline - System.currentTimeMillis());
            }

            public int getMemoryLimitInMB() {
                return Integer.parseInt(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"));
            }

            public LambdaLogger getLogger() {
                return new LambdaLogger() {
                    public void log(String message) {
                        System.out.print(message);
                    }

                    public void log(byte[] message) {
                        System.out.write(message, 0, message.length);
                    }
                };
            }
        };
    }
}
