package io.clockmirror.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same HEAD checks against the packaged application. */
@QuarkusIntegrationTest
class HeadRequestsIT extends HeadRequestsTest {}
