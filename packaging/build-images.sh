#!/usr/bin/env bash
# make image: publishes the agent and the controller (self-contained, linux-x64) and builds
# codemason/agent:latest and codemason/controller:latest on BASE_IMAGE (default: the local
# Debian base from packaging/base-image.sh, since no registry is reachable here).
set -euo pipefail
cd "$(dirname "$0")/.."

BASE_IMAGE=${BASE_IMAGE:-codemason/base:bookworm}
TAG=${TAG:-latest}
if [ "$BASE_IMAGE" = codemason/base:bookworm ]; then
  packaging/base-image.sh
fi
rm -rf .codemason/publish
echo "image: publishing agent (ahead-of-time compiled)" >&2
scripts/publish-native.sh agent >/dev/null
for project in controller; do
  echo "image: publishing $project" >&2
  dotnet publish "$project" -c Release -r linux-x64 --self-contained -nologo -v quiet \
    -o ".codemason/publish/$project" >/dev/null
done
docker build -q --build-arg BASE_IMAGE="$BASE_IMAGE" -t "codemason/agent:$TAG" -f Dockerfile . >/dev/null
docker build -q --build-arg BASE_IMAGE="$BASE_IMAGE" -t "codemason/controller:$TAG" -f packaging/controller.Dockerfile . >/dev/null
# The edge proxy each agent runs (docs/edge.md; the controller's Edge:Image defaults to codemason/edge:latest).
CODEMASON_EDGE_IMAGE="codemason/edge:$TAG" packaging/edge-image.sh
for image in agent controller edge; do
  echo "image: codemason/$image:$TAG $(docker image inspect -f '{{.Size}}' "codemason/$image:$TAG" | awk '{printf "%.0f MB", $1/1e6}')" >&2
done
