"""Builds the codemason.test message classes from a serialized FileDescriptorProto (no generated code)."""
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def load(descriptor_path):
    with open(descriptor_path, "rb") as f:
        proto = descriptor_pb2.FileDescriptorProto.FromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)

    def cls(name):
        desc = pool.FindMessageTypeByName(name)
        if hasattr(message_factory, "GetMessageClass"):
            return message_factory.GetMessageClass(desc)
        return message_factory.MessageFactory(pool).GetPrototype(desc)

    return cls("codemason.test.EchoRequest"), cls("codemason.test.EchoReply")
