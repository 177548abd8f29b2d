package io.ipaccess.cli;

import io.ipaccess.store.Database;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data-dir} option that every command shares. */
final class DataDirOption {

  @Option(
      names = "--data-dir",
      defaultValue = "./data",
      description = "Where the embedded store lives (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  /** Opens the store; works whether or not {@code serve} runs on the same directory. */
  Database open() {
    return Database.openEmbedded(dataDir);
  }
}
