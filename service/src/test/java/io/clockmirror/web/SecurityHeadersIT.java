package io.clockmirror.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application, started through {@link ServiceMain}. */
@QuarkusIntegrationTest
class SecurityHeadersIT extends SecurityHeadersTest {}
