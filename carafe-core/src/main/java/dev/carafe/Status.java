package dev.carafe;

/** Reason phrases and default descriptions for HTTP status codes (Werkzeug's wording). */
final class Status {
    private Status() {}

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Request Entity Too Large";
            case 414 -> "Request-URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Requested Range Not Satisfiable";
            case 418 -> "I'm a teapot";
            case 422 -> "Unprocessable Entity";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "Status " + status;
        };
    }

    static String description(int status) {
        return switch (status) {
            case 400 -> "The browser (or proxy) sent a request that this server could not understand.";
            case 401 -> "The server could not verify that you are authorized to access the URL requested.";
            case 403 -> "You don't have the permission to access the requested resource.";
            case 404 -> "The requested URL was not found on the server. If you entered the URL manually"
                    + " please check your spelling and try again.";
            case 405 -> "The method is not allowed for the requested URL.";
            case 413 -> "The data value transmitted exceeds the capacity limit.";
            case 414 -> "The length of the requested URL exceeds the capacity limit for this server.";
            case 415 -> "The server does not support the media type transmitted in the request.";
            case 431 -> "One or more header fields exceeds the maximum size.";
            case 500 -> "The server encountered an internal error and was unable to complete your request."
                    + " Either the server is overloaded or there is an error in the application.";
            default -> reason(status) + ".";
        };
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
