package io.clockmirror.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same document checks against the packaged application. */
@QuarkusIntegrationTest
class OpenApiDocumentIT extends OpenApiDocumentTest {}
