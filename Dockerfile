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

# Pinned to a JDK release by tag and to one build of it by digest (the multi-platform index, so
# the ARM64 pipeline resolves the same release); from the ECR Public mirror of the Docker official
# images. Refreshing the digest: docs/deploy.md, "The builder base image".
ARG BUILDER_IMAGE=public.ecr.aws/docker/library/eclipse-temurin:25.0.3_9-jdk-noble@sha256:79e0eb2ae37b072443e3470ac781da70ca912cbde1f7db57bce085f22c9b1f9d

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
# Nothing here assumes the builder's layout (merged /usr or not, lib or lib64, multiarch
# directories): each library goes to its real directory under its linked name, the program
# interpreter to the exact path the binaries name, and the image gets its own ld.so.cache for
# those directories, so the loader never depends on its compiled-in search path.
RUN mkdir -p /rootfs/etc /rootfs/tmp \
 && chmod 1777 /rootfs/tmp \
 && ldd /opt/java/runtime/bin/java /opt/java/runtime/lib/*.so /opt/java/runtime/lib/server/libjvm.so \
      > /tmp/ldd.txt \
 && ! grep 'not found' /tmp/ldd.txt | grep -v 'libjvm.so => not found' \
 && awk '$2 == "=>" && $3 ~ /^\// { print $3 }' /tmp/ldd.txt | grep -v '^/opt/java/' | sort -u > /tmp/libs.txt \
 && awk '$1 ~ /^\// && $1 !~ /:$/ && $2 != "=>" { print $1 }' /tmp/ldd.txt | sort -u > /tmp/interpreters.txt \
 && test -s /tmp/libs.txt && test -s /tmp/interpreters.txt \
 && : > /tmp/libdirs.txt \
 && while read -r lib; do \
      dir="$(dirname "$(readlink -f "$lib")")" \
      && mkdir -p "/rootfs$dir" && cp -L "$lib" "/rootfs$dir/$(basename "$lib")" \
      && echo "$dir" >> /tmp/libdirs.txt || exit 1; \
    done < /tmp/libs.txt \
 && while read -r interpreter; do \
      mkdir -p "/rootfs$(dirname "$interpreter")" && cp -L "$interpreter" "/rootfs$interpreter" || exit 1; \
    done < /tmp/interpreters.txt \
 && sort -u /tmp/libdirs.txt > /rootfs/etc/ld.so.conf \
 && ldconfig -r /rootfs \
 && test -s /rootfs/etc/ld.so.cache \
 && printf 'root:x:0:0:root:/root:/sbin/nologin\nclockmirror:x:185:185:clockmirror:/tmp:/sbin/nologin\n' > /rootfs/etc/passwd \
 && printf 'root:x:0:\nclockmirror:x:185:\n' > /rootfs/etc/group

# Not part of the image: what its bill of materials needs beyond the Maven dependencies
# (docs/supply-chain.md), recorded from the final stage's inputs while the build stage still has
# the package database, with the service's CycloneDX document that the package phase wrote.
# buildspec/build-image.sh builds the target sbom-facts after the image (the stages above come
# from the cache) and exports its files; the final stage below stays the default target.
FROM build AS sbom-facts-build
COPY --chmod=755 docker/sbom-facts.sh /usr/local/bin/sbom-facts
RUN sbom-facts --runtime /opt/java/runtime --app /app --rootfs /rootfs --out /sbom-facts \
 && cp service/target/bom.json /sbom-facts/bom.json

FROM scratch AS sbom-facts
COPY --from=sbom-facts-build /sbom-facts/ /

FROM scratch
COPY --from=build /rootfs/ /
COPY --from=build /opt/java/runtime/ /opt/java/runtime/
# The app and its AOT cache in one layer: the cache records every jar's modification time, and
# a builder may reuse a cached layer of byte-identical jars that carries older times, which
# would make the JVM refuse the cache. One layer keeps the jars and the cache from one build.
COPY --from=build /app/ /app/
# Declared so that a volume mounted here (Fargate's task volume, an anonymous volume) starts
# with this directory's mode 1777 instead of an empty root-owned 0755 directory that UID 185
# could not write.
VOLUME /tmp
USER 185:185
WORKDIR /app
EXPOSE 8080
# Which build this is, reported by /q/info as image.tag and image.commit (the deployment hook
# and the smoke test expect the tag being deployed): buildspec/build-image.sh passes the image
# tag and the commit id. Declared after every file is in place, so the values change the image's
# configuration only and every layer above comes from the cache; a build without them is "local".
ARG CLOCKMIRROR_IMAGE_TAG=local
ARG CLOCKMIRROR_IMAGE_COMMIT=local
ENV CLOCKMIRROR_IMAGE_TAG=${CLOCKMIRROR_IMAGE_TAG} \
    CLOCKMIRROR_IMAGE_COMMIT=${CLOCKMIRROR_IMAGE_COMMIT}
ENTRYPOINT ["/opt/java/runtime/bin/java", "@/app/jvm.options", "-XX:AOTCache=/app/app.aot", "-jar", "/app/quarkus-run.jar"]
