package dev.carafe.templates;

import io.pebbletemplates.pebble.error.PebbleException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Pebble's failures into {@link TemplateException}s that name the file, line and column
 * and show the line. Pebble gives lines but no columns, and no line at all for a missing
 * included template, so both are found here in the template's text.
 */
final class Errors {
    /** Quoted parts of Pebble's messages that name the text at fault, most specific first. */
    private static final List<Pattern> CULPRITS = List.of(
            Pattern.compile("of value \"(.+?)\""),
            Pattern.compile("Unexpected tag name \"(.+?)\""),
            Pattern.compile("Unexpected \"(.+?)\""),
            Pattern.compile("Unexpected character \\[(.+?)]"),
            Pattern.compile("Unexpected expression '(.+?)'"),
            Pattern.compile("Function or Macro \\[(.+?)]"),
            Pattern.compile("named argument does not exist: (\\S+)"),
            Pattern.compile("Could not call (\\S+)"),
            Pattern.compile("^(url_for|get_flashed_messages)\\b"),
            Pattern.compile("looking for the \"(\\w+)\" tag"));

    private Errors() {}

    /** Returns the exception to throw for {@code error}, raised while rendering {@code rendered}. */
    static TemplateException translate(RuntimeException error, String rendered, SourceLoader loader) {
        if (error instanceof TemplateException t) {
            return t;
        }
        SourceLoader.NotFound missing = find(error, SourceLoader.NotFound.class);
        if (missing != null) {
            return notFound(missing, rendered, loader, error);
        }
        if (error instanceof PebbleException p && p.getFileName() != null && p.getLineNumber() != null && p.getLineNumber() > 0) {
            String file = p.getFileName();
            int line = p.getLineNumber();
            String text = p.getPebbleMessage() + causeText(p);
            Optional<String> lineText = loader.textOf(file).flatMap(t -> lineOf(t, line));
            int column = lineText.map(l -> column(l, p.getPebbleMessage())).orElse(0);
            return new TemplateException(position(file, line, column) + text + snippet(lineText, line, column),
                    file, line, column, error);
        }
        String message = error instanceof PebbleException p ? p.getPebbleMessage() + causeText(p) : String.valueOf(error);
        return new TemplateException("Error rendering template \"" + rendered + "\": " + message, rendered, 0, 0, error);
    }

    private static TemplateException notFound(SourceLoader.NotFound missing, String rendered, SourceLoader loader, Throwable error) {
        String fix = " Check the name, or the source given to Templates.install (templates are loaded from "
                + loader.source().describe() + ").";
        if (!missing.name().equals(rendered)) {
            // Find the include, extends or import that names it, in the templates loaded so far.
            for (String name : loader.loadedNames()) {
                String text = loader.textOf(name).orElse("");
                for (String quoted : List.of('"' + missing.name() + '"', "'" + missing.name() + "'")) {
                    int at = text.indexOf(quoted);
                    if (at >= 0) {
                        int line = 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
                        int column = at - text.lastIndexOf('\n', at - 1);
                        return new TemplateException(position(name, line, column) + missing.getPebbleMessage() + fix
                                + snippet(lineOf(text, line), line, column), name, line, column, error);
                    }
                }
            }
        }
        return new TemplateException(missing.getPebbleMessage() + fix, missing.name(), 0, 0, error);
    }

    private static String position(String file, int line, int column) {
        return file + ":" + line + (column > 0 ? ":" + column : "") + ": ";
    }

    /** Returns the innermost failure behind Pebble's message ("Could not call x"), as ": message", unless the message already says it. */
    private static String causeText(PebbleException p) {
        Throwable root = p;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == p) {
            return "";
        }
        String text = root instanceof PebbleException pe ? pe.getPebbleMessage()
                : root.getMessage() != null ? root.getMessage() : root.toString();
        return p.getPebbleMessage().contains(text) ? "" : ": " + text;
    }

    /** Returns the 1-based column on {@code line} of the text {@code message} names, else of the line's first tag, else 1. */
    static int column(String line, String message) {
        int tag = firstTag(line);
        for (Pattern p : CULPRITS) {
            Matcher m = p.matcher(message);
            if (m.find()) {
                String culprit = m.group(1);
                int at = line.indexOf(culprit, Math.max(tag, 0));
                if (at < 0) {
                    at = line.indexOf(culprit);
                }
                if (at >= 0) {
                    return at + 1;
                }
            }
        }
        return tag >= 0 ? tag + 1 : 1;
    }

    private static int firstTag(String line) {
        int a = line.indexOf("{{");
        int b = line.indexOf("{%");
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    static Optional<String> lineOf(String text, int line) {
        String[] lines = text.split("\r?\n", -1);
        return line >= 1 && line <= lines.length ? Optional.of(lines[line - 1]) : Optional.empty();
    }

    private static String snippet(Optional<String> lineText, int line, int column) {
        if (lineText.isEmpty()) {
            return "";
        }
        String gutter = String.valueOf(line);
        String pad = " ".repeat(gutter.length());
        StringBuilder caret = new StringBuilder();
        String text = lineText.get();
        for (int i = 0; i < column - 1 && i < text.length(); i++) {
            caret.append(text.charAt(i) == '\t' ? '\t' : ' ');
        }
        return "\n\n " + gutter + " | " + text + "\n " + pad + " | " + caret + "^";
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
