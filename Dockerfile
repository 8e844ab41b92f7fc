# clockmirror service image.
#   docker build -t clockmirror . && docker run --rm -p 8080:8080 clockmirror
#
# Stage "build": the Maven wrapper builds the Quarkus app, jlink cuts a Java runtime down to the
# modules the app uses, and a training run writes the JDK AOT cache for fast starts.
# Final stage: FROM scratch with only what the JVM loads (glibc, the runtime, the app, the cache),
# a fixed non-root UID, no shell and no package manager.
#
# Behind a TLS-intercepting proxy, give the build the proxy's CA certificate(s) as a PEM file:
#   docker build --secret id=extra_ca,src=proxy-ca.pem -t clockmirror .

# Pinned to a JDK release; from the ECR Public mirror of the Docker official images.
ARG BUILDER_IMAGE=public.ecr.aws/docker/library/eclipse-temurin:25.0.3_9-jdk-noble

FROM ${BUILDER_IMAGE} AS build
WORKDIR /src
COPY --chmod=755 docker/with-extra-ca.sh /usr/local/bin/with-extra-ca

# Dependencies first: this layer is reused until a pom or the wrapper changes.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY service/pom.xml service/
RUN --mount=type=secret,id=extra_ca \
    with-extra-ca ./mvnw -B --no-transfer-progress -f service/pom.xml \
      org.apache.maven.plugins:maven-dependency-plugin:3.9.0:go-offline quarkus:go-offline

# Only the service module is built (-f): the other reactor modules are not in the context.
# Tests and formatting checks run in the pipeline's test stage, not in the image build. Not
# offline: go-offline does not see the compiler's annotation processor path (Error Prone).
COPY service/src/main/ service/src/main/
RUN --mount=type=secret,id=extra_ca \
    with-extra-ca ./mvnw -B --no-transfer-progress -f service/pom.xml \
      -Dmaven.test.skip=true -Dspotless.check.skip=true package

# One fixed modification time on the app's files makes the AOT cache (which records them)
# independent of when the jars were downloaded.
# Modules found with jdeps over the app's jars, plus the ones only loaded at run time:
# jdk.zipfs (the jar: file system provider Quarkus opens) and jdk.management (Micrometer's
# GC and memory metrics).
ARG JLINK_MODULES=java.base,java.logging,java.management,java.naming,jdk.management,jdk.unsupported,jdk.zipfs
RUN jlink --add-modules "${JLINK_MODULES}" --strip-debug --no-man-pages --no-header-files \
      --compress zip-9 \
      --output /opt/java/runtime \
 && cp -a service/target/quarkus-app /app \
 && rm /app/quarkus-app-dependencies.txt \
 && find /app -exec touch -h -d '2000-01-01 00:00:00' {} +

# JVM flags for a 512 MB / 0.25 vCPU task, in an argument file that the training run, the
# container and bench/image.sh all read (the AOT cache is only used under matching flags).
# The training run sends a real workload, so the cache holds the hot path's profiles too.
ARG TRAINING_PORT=8080
ARG TRAINING_REQUESTS=30000
COPY --chmod=755 docker/aot-training.sh /usr/local/bin/aot-training
COPY --chmod=644 docker/jvm.options /app/jvm.options
RUN TRAINING_PORT="${TRAINING_PORT}" TRAINING_REQUESTS="${TRAINING_REQUESTS}" \
      aot-training /opt/java/runtime/bin/java @/app/jvm.options \
      -XX:AOTCacheOutput=/app/app.aot -jar /app/quarkus-run.jar \
 && test -s /app/app.aot

# The final image's root file system: the C libraries the runtime links against, a passwd entry
# for the service user, and /tmp.
# ldd output goes through files, not a pipe: some builders run RUN with sh, without pipefail.
# (ldd cannot see lib/server/libjvm.so from lib/*.so; the launcher loads it by path.)
RUN mkdir -p /rootfs/etc /rootfs/tmp \
 && chmod 1777 /rootfs/tmp \
 && ldd /opt/java/runtime/bin/java /opt/java/runtime/lib/*.so /opt/java/runtime/lib/server/libjvm.so \
      > /tmp/ldd.txt \
 && ! grep 'not found' /tmp/ldd.txt | grep -v 'libjvm.so => not found' \
 && awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' /tmp/ldd.txt \
    | grep -v '^/opt/java/' | sort -u > /tmp/libs.txt \
 && test -s /tmp/libs.txt \
 && xargs -I{} cp --parents -L {} /rootfs/ < /tmp/libs.txt \
 && printf 'root:x:0:0:root:/root:/sbin/nologin\nclockmirror:x:185:185:clockmirror:/tmp:/sbin/nologin\n' > /rootfs/etc/passwd \
 && printf 'root:x:0:\nclockmirror:x:185:\n' > /rootfs/etc/group

FROM scratch
COPY --from=build /rootfs/ /
COPY --from=build /opt/java/runtime/ /opt/java/runtime/
# The app and its AOT cache in one layer: the cache records every jar's modification time, and
# a builder may reuse a cached layer of byte-identical jars that carries older times, which
# would make the JVM refuse the cache. One layer keeps the jars and the cache from one build.
COPY --from=build /app/ /app/
USER 185:185
WORKDIR /app
EXPOSE 8080
ENTRYPOINT ["/opt/java/runtime/bin/java", "@/app/jvm.options", "-XX:AOTCache=/app/app.aot", "-jar", "/app/quarkus-run.jar"]
