package io.clockmirror.clock;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same HTTP contract, against the packaged application. */
@QuarkusIntegrationTest
class ClockEndpointIT extends ClockEndpointTest {}
