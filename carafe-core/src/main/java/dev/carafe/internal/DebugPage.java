package dev.carafe.internal;

import dev.carafe.Response;
import java.io.PrintWriter;
import java.io.StringWriter;

/** The debug-mode 500 page: the stack trace, as HTML for browsers and as text otherwise. Never outside debug mode. */
final class DebugPage {
    private DebugPage() {}

    static Response render(RequestImpl request, Throwable error) {
        StringWriter sw = new StringWriter();
        error.printStackTrace(new PrintWriter(sw));
        String trace = sw.toString();
        boolean html = request.headers().get("Accept", "").contains("text/html");
        if (!html) {
            return Response.text("Internal Server Error (debug mode)\n\n" + request.method() + " "
                    + request.exchangePath() + "\n\n" + trace).status(500);
        }
        return Response.html("<!doctype html>\n<html lang=en>\n<title>" + escape(error.toString())
                + " // Carafe debug</title>\n<h1>" + escape(error.getClass().getName()) + "</h1>\n<p>"
                + escape(String.valueOf(error.getMessage())) + "</p>\n<p>" + escape(request.method() + " "
                + request.exchangePath()) + "</p>\n<pre>" + escape(trace) + "</pre>\n"
                + "<p>This page is shown because DEBUG is on. Never enable debug mode in production.</p>\n").status(500);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;");
    }
}
