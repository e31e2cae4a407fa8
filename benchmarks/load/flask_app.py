"""Flask's twin of the Java comparison servers (dev.carafe.benchmarks.servers.Payloads).

Served by gunicorn's sync workers in the load harness (run.sh):
    gunicorn -w 5 -b 127.0.0.1:PORT --chdir benchmarks/load flask_app:app
"""
import time

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/plaintext")
def plaintext():
    return "Hello, World!", 200, {"Content-Type": "text/plain; charset=utf-8"}


@app.get("/json")
def json_message():
    return jsonify(message="Hello, World!", id=1)


@app.get("/users/<int:user_id>")
def user(user_id):
    return f"user {user_id}, q={request.args.get('q', '')}", 200, {"Content-Type": "text/plain; charset=utf-8"}


@app.get("/slow")
def slow():
    time.sleep(int(request.args["ms"]) / 1000)
    return "done"
