package io.github.serverlessopenclaw.lambdas;

import io.github.serverlessopenclaw.common.Log;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the Lambda jar (the AWS SDK logs through SLF4J): its warnings and errors go to
 * {@link Log}, so to Lambda's own logger and the function's JSON log format; debug and info are off, so the SDK
 * never builds those messages. Without a provider SLF4J would print its "no providers" fallback at every cold
 * start and drop the SDK's warnings. No logging framework: one class, found by the service loader.
 */
public final class SdkLogProvider implements SLF4JServiceProvider {
    private static final Logger LOGGER = new SdkLogger();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return name -> LOGGER;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {}

    private static final class SdkLogger extends LegacyAbstractLogger {
        SdkLogger() {
            this.name = "aws-sdk";
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
            String message = "AWS SDK: " + MessageFormatter.basicArrayFormat(pattern, arguments);
            if (level == Level.ERROR) {
                Log.error(message, throwable);
            } else if (throwable != null) {
                Log.warn(message + ": " + throwable);
            } else {
                Log.warn(message);
            }
        }
    }
}
