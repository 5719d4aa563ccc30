/** The seven Lambda handlers; see {@link io.github.serverlessopenclaw.common.Handler}. */
package io.github.serverlessopenclaw.lambdas;
