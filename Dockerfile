# The one image for the controller, the dashboard and the agents. Build the jar first: ./lorasweep setup
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY cli/target/lib/ /app/lib/
COPY cli/target/lorasweep.jar /app/lorasweep.jar
ENV DJL_OFFLINE=true OPT_OUT_TRACKING=true OMP_NUM_THREADS=1 LORASWEEP_HOME=/var/lib/lorasweep
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/lorasweep.jar \"$@\"", "lorasweep"]
