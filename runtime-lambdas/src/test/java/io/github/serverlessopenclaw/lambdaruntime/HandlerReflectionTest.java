package io.github.serverlessopenclaw.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import io.github.serverlessopenclaw.common.Handler;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * Lambda's Java runtime (AWS's runtime interface client) calls the method the handler string names
 * ({@code Class::handleRequest}) by reflection from its own package: Method.invoke then needs the method and its
 * declaring class public, or every invocation fails with IllegalAccessException. The handlers inherit the method
 * from their base class, so that class must be public too. (Found by running the functions on the client locally.)
 */
class HandlerReflectionTest {

    @Test
    void theMethodEveryHandlerStringNamesIsCallableFromAnotherPackage() throws Exception {
        for (Handler handler : Handler.values()) {
            String[] parts = handler.handlerString().split("::");
            Method method =
                    Class.forName(parts[0]).getMethod(parts[1], InputStream.class, OutputStream.class, Context.class);
            assertThat(Modifier.isPublic(method.getModifiers()))
                    .as(handler + " method")
                    .isTrue();
            assertThat(Modifier.isPublic(method.getDeclaringClass().getModifiers()))
                    .as(handler + ": " + method.getDeclaringClass().getName() + " must be public")
                    .isTrue();
        }
    }
}
