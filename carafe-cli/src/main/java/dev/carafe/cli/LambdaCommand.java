package dev.carafe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** A command registered as a lambda: picocli's model is built by hand, so no reflection is involved. */
final class LambdaCommand implements Callable<Integer> {
    private final CommandAction action;
    private CommandSpec spec;

    private LambdaCommand(CommandAction action) {
        this.action = action;
    }

    /** Returns a picocli command named {@code name} whose usage message is {@code help}. */
    static CommandLine commandLine(String name, String help, CommandAction action) {
        LambdaCommand command = new LambdaCommand(action);
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().description(help);
        command.spec = spec;
        return new CommandLine(spec);
    }

    @Override
    public Integer call() throws Exception {
        action.run(spec.commandLine().getOut());
        return 0;
    }
}
