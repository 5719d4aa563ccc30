package io.github.serverlessopenclaw.plugin.image;

/**
 * The image could not be built or pushed. Carries what failed; the cause (Jib's registry refusal, an I/O error,
 * npm) is kept so the mojo boundary can name the fix and {@code -e} can show where it broke.
 */
public class ImageException extends RuntimeException {
    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }

    public ImageException(String message) {
        super(message);
    }
}
