# The controller image, built by `make image` from .codemason/publish/controller.
#   docker run -d --name codemason-controller --restart=always -p 7400:7400 \
#     -v codemason-controller:/var/lib/codemason codemason/controller:latest [--tls-san mason.example.com]
# 0.0.0.0 is not loopback, so the port serves TLS with the controller's own CA (docs/controller.md#tls).
ARG BASE_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0
FROM ${BASE_IMAGE}

COPY .codemason/publish/controller/ /opt/codemason/controller/
ENV DOTNET_EnableWriteXorExecute=0
VOLUME /var/lib/codemason
EXPOSE 7400
ENTRYPOINT ["/opt/codemason/controller/codemason-controller", "--data", "/var/lib/codemason", "--listen", "http://0.0.0.0:7400"]
