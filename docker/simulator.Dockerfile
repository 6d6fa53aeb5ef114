# syntax=docker/dockerfile:1
# The MoMo simulator as its own image (docs/simulator.md), built from a fresh clone, from the repository root:
#   docker build -f docker/simulator.Dockerfile -t momo-simulator:0.1.0 .
#   docker run --rm -p 8090:8090 momo-simulator:0.1.0
# Base images are pinned to exact versions; bump them deliberately.

# ---- build: the simulator's jar (target/*-simulator.jar), tests left to CI -----------------------------------
FROM maven:3.9.12-eclipse-temurin-17 AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests && cp target/*-simulator.jar /simulator.jar

# ---- run ------------------------------------------------------------------------------------------------------
FROM eclipse-temurin:17.0.15_6-jre-alpine
RUN addgroup -S -g 10001 sim && adduser -S -u 10001 -G sim -h /app sim
COPY --from=build --chown=sim:sim /simulator.jar /app/simulator.jar
USER 10001
EXPOSE 8090
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8090/_sim/config || exit 1
# Flags after the image name replace these (see docs/simulator.md for all of them).
ENTRYPOINT ["java", "-jar", "/app/simulator.jar"]
CMD ["--host", "0.0.0.0", "--port", "8090"]
