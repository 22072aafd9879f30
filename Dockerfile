# syntax=docker/dockerfile:1
# s3emu: build on Debian bookworm, run on a slim bookworm with only the runtime libraries.

FROM debian:bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      cmake g++ ninja-build \
      libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev \
      libpugixml-dev libsqlite3-dev libssl-dev zlib1g-dev libmimalloc-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The unit tests need GoogleTest and run in CI, not in the image build.
RUN rm -rf build \
 && cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DS3EMU_BUILD_TESTS=OFF \
 && cmake --build build --target s3emu \
 && strip build/s3emu

FROM debian:bookworm-slim
# Runtime libraries of the binary (libcrypto comes with libssl3); curl is for the HEALTHCHECK.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libboost-json1.81.0 libpugixml1v5 libsqlite3-0 libssl3 zlib1g libmimalloc2.0 curl \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data
COPY --from=build /src/build/s3emu /usr/local/bin/s3emu
VOLUME /data
EXPOSE 9000
# Shell form, so a port set with -e S3EMU_PORT=... is checked too.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${S3EMU_PORT:-9000}/_s3emu/health" || exit 1
ENTRYPOINT ["s3emu", "--host", "0.0.0.0", "--data", "/data"]
