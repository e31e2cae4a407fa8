package dev.carafe.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Answers a usage error with exit status 2: the error, picocli's "Did you mean" suggestions
 * when it has some, then the usage message of the command that was being parsed.
 *
 * <p>picocli's default handler leaves the usage message out when it has suggestions; this one
 * always prints it, so that every usage error shows how to call the command.
 */
final class UsageErrors implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getColorScheme().errorText(error.getMessage()));
        UnmatchedArgumentException.printSuggestions(error, err);
        command.usage(err, command.getColorScheme());
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
