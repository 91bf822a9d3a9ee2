"""python3-grpcio as a server for the Codemason client. Usage: interop_server.py DESCRIPTOR.
Prints "PORT n" once serving; runs until killed."""
import sys

import grpc
from concurrent import futures

from echo_messages import load

EchoRequest, EchoReply = load(sys.argv[1])


def unary(request, context):
    if request.message == "error":
        context.abort(grpc.StatusCode.NOT_FOUND, "nicht gefunden \u00fc")
    md = dict(context.invocation_metadata())
    context.send_initial_metadata([("echo-header", md.get("x-text", ""))])
    context.set_trailing_metadata([("echo-trailer", md.get("x-text", "")), ("echo-bin", md.get("x-data-bin", b""))])
    return EchoReply(message=request.message, payload=request.payload)


def server_stream(request, context):
    for i in range(request.count):
        yield EchoReply(message=request.message, index=i)


def client_stream(requests, context):
    items = [r.message for r in requests]
    return EchoReply(message="".join(items), index=len(items))


def duplex(requests, context):
    for i, r in enumerate(requests):
        yield EchoReply(message=r.message, index=i)


def handler(kind, fn):
    return kind(fn, request_deserializer=EchoRequest.FromString, response_serializer=EchoReply.SerializeToString)


handlers = grpc.method_handlers_generic_handler("codemason.test.Echo", {
    "Unary": handler(grpc.unary_unary_rpc_method_handler, unary),
    "ServerStream": handler(grpc.unary_stream_rpc_method_handler, server_stream),
    "ClientStream": handler(grpc.stream_unary_rpc_method_handler, client_stream),
    "Duplex": handler(grpc.stream_stream_rpc_method_handler, duplex),
})
server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
server.add_generic_rpc_handlers((handlers,))
port = server.add_insecure_port("127.0.0.1:0")
server.start()
print("PORT %d" % port, flush=True)
server.wait_for_termination()
