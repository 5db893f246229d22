package dev.stripesetup.cli;

import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/** Gives every subcommand the same {@link CliContext} through its constructor. */
public final class ContextFactory implements IFactory {
  private final CliContext context;

  ContextFactory(CliContext context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    try {
      return cls.getDeclaredConstructor(CliContext.class).newInstance(context);
    } catch (NoSuchMethodException e) {
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
