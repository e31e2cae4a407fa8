package dev.carafe.cli;

import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Runs the chosen command inside a pushed app context and turns its failure into exit status 1.
 *
 * <p>The context is pushed with {@code Context.call}, which also binds it for
 * {@code StructuredTaskScope} subtasks and hands teardown the exception that escapes. picocli
 * wraps a command's exception in an {@link ExecutionException}; it is unwrapped first, so that
 * teardown sees the command's own exception, as a teardown sees a handler's in a request.
 */
final class InAppContext implements IExecutionStrategy {
    private final Carafe app;

    InAppContext(Carafe app) {
        this.app = app;
    }

    @Override
    public int execute(ParseResult parseResult) throws ExecutionException, ParameterException {
        Integer helpStatus = CommandLine.executeHelpRequest(parseResult);
        if (helpStatus != null) {
            return helpStatus;
        }
        CommandLine command = parseResult.asCommandLineList().getLast();
        Object userObject = command.getCommandSpec().userObject();
        // Serving pushes no context of its own: each request gets one (as with flask run).
        boolean serves = userObject instanceof RunCommand || userObject instanceof RootCommand;
        try {
            return serves ? runLast(parseResult) : app.appContext().call(() -> runLast(parseResult));
        } catch (ParameterException usage) {
            throw usage;
        } catch (Exception | LinkageError | AssertionError failure) {
            return report(failure, command, debugRequested(parseResult));
        }
    }

    private static int runLast(ParseResult parseResult) throws Exception {
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (ExecutionException wrapped) {
            switch (wrapped.getCause()) {
                case Exception e -> throw e;
                case Error e -> throw e;
                case null, default -> throw wrapped;
            }
        }
    }

    /** Prints "Error: ..." with a hint, or the stack trace with --debug; returns the command's failure status. */
    private static int report(Throwable failure, CommandLine command, boolean debug) {
        PrintWriter err = command.getErr();
        // With no command the root serves, so the failure is run's.
        String name = command.getCommandSpec().userObject() instanceof RootCommand ? "run" : command.getCommandName();
        err.println("Error: " + name + " failed: " + describe(failure));
        for (Throwable also : failure.getSuppressed()) {
            // Teardown failures after a failed command arrive here, suppressed by Context.call.
            err.println("  and: " + describe(also));
        }
        if (debug) {
            failure.printStackTrace(err);
        } else {
            err.println("Run it again with --debug to see the stack trace.");
        }
        err.flush();
        return command.getCommandSpec().exitCodeOnExecutionException();
    }

    /** A CarafeException's message is a full sentence; for anything else the type is part of the story. */
    private static String describe(Throwable t) {
        return t instanceof CarafeException && t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private static boolean debugRequested(ParseResult parseResult) {
        for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
