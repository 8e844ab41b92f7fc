package io.clockmirror.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged application. */
@QuarkusIntegrationTest
class MirrorPageIT extends MirrorPageTest {}
