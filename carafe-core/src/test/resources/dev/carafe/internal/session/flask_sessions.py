"""Flask's side of Carafe's session interoperability tests (FlaskInteropTest).

Reads a JSON list of operations on stdin and writes a JSON list of results on stdout. Every
operation uses a fresh Flask app with the given secret key and fallbacks, and fixes
itsdangerous's clock at "now", so that cookies can be compared byte for byte.

  dump:    {"python": <expression>}  -> {"cookie": what Flask's session serializer writes}
  load:    {"cookie": <value>}       -> {"repr": repr of the sorted session} or {"error": name}
  request: {"cookie": <value>}       -> a real Flask request: the view returns repr(session),
                                        then sets session["flask"] = "was here";
                                        {"repr": ..., "set_cookie": the Set-Cookie header}
  floats:  {"bits": [<int64>, ...]}  -> {"json": [json.dumps(float) for each]}
"""
import datetime
import json
import struct
import sys
import uuid

import itsdangerous
from flask import Flask, session
from markupsafe import Markup


def make_app(op):
    app = Flask("interop")
    app.secret_key = op["key"]
    app.config["SECRET_KEY_FALLBACKS"] = op.get("fallbacks", [])
    itsdangerous.TimestampSigner.get_timestamp = lambda self: op["now"]
    return app


def run(op):
    kind = op["op"]
    if kind == "floats":
        values = [struct.unpack("<d", struct.pack("<q", b))[0] for b in op["bits"]]
        return {"json": [json.dumps(v) for v in values]}
    app = make_app(op)
    with app.app_context():
        serializer = app.session_interface.get_signing_serializer(app)
        max_age = int(app.permanent_session_lifetime.total_seconds())
        if kind == "dump":
            value = eval(op["python"], {"datetime": datetime, "uuid": uuid, "Markup": Markup})
            return {"cookie": serializer.dumps(value)}
        if kind == "load":
            try:
                data = serializer.loads(op["cookie"], max_age=max_age)
            except itsdangerous.BadSignature as e:
                return {"error": type(e).__name__}
            return {"repr": repr(dict(sorted(data.items())))}
    if kind == "request":
        @app.route("/")
        def view():
            seen = repr(dict(sorted(session.items())))
            session["flask"] = "was here"
            return seen

        client = app.test_client()
        client.set_cookie("session", op["cookie"])
        response = client.get("/")
        return {"repr": response.get_data(as_text=True), "set_cookie": response.headers.get("Set-Cookie")}
    raise ValueError("unknown op " + kind)


json.dump([run(op) for op in json.load(sys.stdin)], sys.stdout)
