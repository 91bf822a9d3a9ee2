"""python3-grpcio as a server of codemason.interop.InteropTest, for our client. Usage: interop_test_server.py DESCRIPTOR
(a serialized FileDescriptorProto of interop_test.proto: message classes are built from it, no generated code).
Prints "PORT n" once serving; runs until killed."""
import sys
import time
from concurrent import futures

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

with open(sys.argv[1], "rb") as f:
    pool = descriptor_pool.DescriptorPool()
    pool.Add(descriptor_pb2.FileDescriptorProto.FromString(f.read()))


def message_class(name):
    desc = pool.FindMessageTypeByName("codemason.interop." + name)
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(desc)
    return message_factory.MessageFactory(pool).GetPrototype(desc)


Ping, Pong = message_class("Ping"), message_class("Pong")


def unary(request, context):
    waited = 0
    while waited < request.delay_ms and context.is_active():
        time.sleep(0.01)
        waited += 10
    if request.fail_code:
        context.set_trailing_metadata([("interop-reason", "requested"), ("interop-data-bin", b"\x00\x01\xfe\xff")])
        context.abort(next(c for c in grpc.StatusCode if c.value[0] == request.fail_code), request.text)
    echoed = dict(context.invocation_metadata()).get("x-interop", "")
    context.send_initial_metadata([("interop-header", echoed)])
    context.set_trailing_metadata([("interop-trailer", echoed)])
    left = context.time_remaining()
    return Pong(text=request.text, deadline_left_ms=-1 if left is None else int(left * 1000))


def server_stream(request, context):
    for i in range(request.count):
        yield Pong(text=request.text, index=i)


def client_stream(requests, context):
    texts = [r.text for r in requests]
    return Pong(text="".join(texts), index=len(texts))


def bidi(requests, context):
    for i, r in enumerate(requests):
        yield Pong(text=r.text, index=i)


def handler(kind, fn):
    return kind(fn, request_deserializer=Ping.FromString, response_serializer=Pong.SerializeToString)


server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler("codemason.interop.InteropTest", {
    "Unary": handler(grpc.unary_unary_rpc_method_handler, unary),
    "ServerStream": handler(grpc.unary_stream_rpc_method_handler, server_stream),
    "ClientStream": handler(grpc.stream_unary_rpc_method_handler, client_stream),
    "Bidi": handler(grpc.stream_stream_rpc_method_handler, bidi),
}),))
port = server.add_insecure_port("127.0.0.1:0")
server.start()
print("PORT %d" % port, flush=True)
server.wait_for_termination()
