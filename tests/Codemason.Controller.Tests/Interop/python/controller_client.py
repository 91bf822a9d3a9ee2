"""python3-grpcio as a client of the real controller.
Usage: controller_client.py DESCRIPTOR_SET TARGET TOKEN SCENARIO ENVIRONMENT MASON_JSON
DESCRIPTOR_SET is a serialized FileDescriptorSet of codemason.v1 (message classes are built from it: no generated
code). Prints one JSON object; field names are the ones the Node peer prints too."""
import json
import sys
import time

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

descriptor_set, target, token, scenario, environment, mason_json = sys.argv[1:7]
TIMEOUT = 20


def message_classes(path):
    with open(path, "rb") as f:
        files = descriptor_pb2.FileDescriptorSet.FromString(f.read()).file
    pool = descriptor_pool.DescriptorPool()
    added = set()

    def add(proto):  # dependencies first: the upb pool builds each file as it is added
        if proto.name in added:
            return
        for dep in proto.dependency:
            add(next(f for f in files if f.name == dep))
        pool.Add(proto)
        added.add(proto.name)

    for proto in files:
        add(proto)

    def cls(name):
        desc = pool.FindMessageTypeByName("codemason.v1." + name)
        if hasattr(message_factory, "GetMessageClass"):
            return message_factory.GetMessageClass(desc)
        return message_factory.MessageFactory(pool).GetPrototype(desc)

    return cls


cls = message_classes(descriptor_set)
channel = grpc.insecure_channel(target)


def rpc(kind, path, request, response):
    return getattr(channel, kind)("/codemason.v1." + path, request_serializer=cls(request).SerializeToString,
                                  response_deserializer=cls(response).FromString)


create_environment = rpc("unary_unary", "EnvironmentService/CreateEnvironment", "CreateEnvironmentRequest", "CreateEnvironmentResponse")
apply = rpc("unary_unary", "AppService/Apply", "ApplyRequest", "ApplyResponse")
list_apps = rpc("unary_unary", "AppService/ListApps", "ListAppsRequest", "ListAppsResponse")
watch = rpc("unary_stream", "WatchService/Watch", "WatchRequest", "WatchEvent")
stream_logs = rpc("unary_stream", "LogService/StreamLogs", "StreamLogsRequest", "LogLine")


def auth(value=None):
    return [("authorization", "Bearer " + (token if value is None else value))]


def error(e):
    return {"code": e.code().name, "details": e.details()}


def applied(response):
    return {"app": response.app.name, "revision": response.app.revision, "storeRevision": response.store_revision,
            "changed": response.changed}


def event(e):
    kind = e.WhichOneof("object")
    value = {"type": cls("WatchEvent").Type.Name(e.type), "storeRevision": e.store_revision, "kind": kind}
    if kind == "app":
        value.update(name=e.app.name, revision=e.app.revision)
    elif kind == "replica":
        value.update(name=e.replica.id)
    return value


def unary():
    created = create_environment(cls("CreateEnvironmentRequest")(name=environment), metadata=auth(), timeout=TIMEOUT)
    response = apply(cls("ApplyRequest")(environment=environment, mason_json=mason_json), metadata=auth(), timeout=TIMEOUT)
    listed = list_apps(cls("ListAppsRequest")(environment=environment), metadata=auth(), timeout=TIMEOUT)
    return {"joinTokenIssued": len(created.join_token) > 0, "applied": applied(response),
            "listed": {"apps": [a.name for a in listed.apps], "storeRevision": listed.store_revision}}


def watch_apply():
    """Watches from a list's revision, applies once the backlog's bookmark arrived, reads the live changes."""
    create_environment(cls("CreateEnvironmentRequest")(name=environment), metadata=auth(), timeout=TIMEOUT)
    start = list_apps(cls("ListAppsRequest")(environment=environment), metadata=auth(), timeout=TIMEOUT).store_revision
    kinds = [cls("WatchRequest").DESCRIPTOR.fields_by_name["kinds"].enum_type.values_by_name[k].number
             for k in ("RESOURCE_KIND_APP", "RESOURCE_KIND_REPLICA")]
    call = watch(cls("WatchRequest")(environment=environment, kinds=kinds, from_revision=start), metadata=auth(), timeout=TIMEOUT)
    events, response = [], None
    for e in call:
        events.append(event(e))
        if response is None and e.type == cls("WatchEvent").TYPE_BOOKMARK:
            response = apply(cls("ApplyRequest")(environment=environment, mason_json=mason_json), metadata=auth(), timeout=TIMEOUT)
        replicas = [x for x in events if x["kind"] == "replica" and x["type"] == "TYPE_ADDED"]
        apps = [x for x in events if x["kind"] == "app" and x["type"] == "TYPE_ADDED"]
        if response is not None and apps and len(replicas) >= 2:
            break
    call.cancel()
    return {"fromRevision": start, "applied": applied(response) if response else None, "events": events}


def logs():
    create_environment(cls("CreateEnvironmentRequest")(name=environment), metadata=auth(), timeout=TIMEOUT)
    apply(cls("ApplyRequest")(environment=environment, mason_json=mason_json), metadata=auth(), timeout=TIMEOUT)
    result = {}
    for key, app in (("placedNowhere", json.loads(mason_json)["name"]), ("missingApp", "no-such-app")):
        try:
            lines = [l.text for l in stream_logs(cls("StreamLogsRequest")(environment=environment, app=app), metadata=auth(), timeout=TIMEOUT)]
            result[key] = {"code": "OK", "lines": len(lines)}
        except grpc.RpcError as e:
            result[key] = error(e)
    return result


def join():
    created = create_environment(cls("CreateEnvironmentRequest")(name=environment), metadata=auth(), timeout=TIMEOUT)
    return {"joinToken": created.join_token}


LOG_LINES = 3


def log_lines():
    """Applies, then reads the app's logs (no follow) until they hold LOG_LINES lines; retries while no replica runs yet."""
    apply(cls("ApplyRequest")(environment=environment, mason_json=mason_json), metadata=auth(), timeout=TIMEOUT)
    request = cls("StreamLogsRequest")(environment=environment, app=json.loads(mason_json)["name"])
    retryable = (grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.UNAVAILABLE)
    give_up, attempts, last = time.monotonic() + 45, 0, None
    while time.monotonic() < give_up:
        attempts += 1
        try:
            lines = [{"text": l.text, "stream": l.stream, "replica": l.replica_id}
                     for l in stream_logs(request, metadata=auth(), timeout=TIMEOUT)]
            if len(lines) >= LOG_LINES:
                return {"lines": lines, "attempts": attempts}
            last = {"code": "OK", "lines": len(lines)}
        except grpc.RpcError as e:
            if e.code() not in retryable:
                raise
            last = error(e)
        time.sleep(0.25)
    return {"lines": [], "attempts": attempts, "lastError": last}


def wrong_token():
    result = {}
    for key, metadata in (("wrongToken", auth("cma_not-a-token")), ("noToken", [])):
        try:
            list_apps(cls("ListAppsRequest")(), metadata=metadata, timeout=TIMEOUT)
            result[key] = {"code": "OK"}
        except grpc.RpcError as e:
            result[key] = error(e)
    # The same call with the admin token, so a refusal above is about the token, not the call.
    result["rightToken"] = {"code": "OK", "storeRevision": list_apps(cls("ListAppsRequest")(), metadata=auth(), timeout=TIMEOUT).store_revision}
    return result


SCENARIOS = {"unary": unary, "watch": watch_apply, "logs": logs, "wrong_token": wrong_token, "join": join, "log_lines": log_lines}
try:
    result = SCENARIOS[scenario]()
except grpc.RpcError as e:
    result = {"error": error(e)}
print(json.dumps(result))
