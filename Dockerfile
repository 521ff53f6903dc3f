# Signalman image for split-mode deployments (see docker-compose.yml).
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends git openssh-client python3 python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN node scripts/setup.mjs
COPY . .
ENV SIGNALMAN_DATA_DIR=/data
VOLUME /data
EXPOSE 3000
ENTRYPOINT ["node", "bin/signalman.mjs"]
CMD ["server"]
