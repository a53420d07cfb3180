package streamlab.cli;

import picocli.CommandLine;
import streamlab.StreamLabInfo;

/** Prints the StreamLab and Java versions for {@code --version}. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "StreamLab " + StreamLabInfo.version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
