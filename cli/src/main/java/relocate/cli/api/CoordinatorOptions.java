package relocate.cli.api;

import picocli.CommandLine.Option;

/** The --url option of every verb that talks to the coordinator. */
public final class CoordinatorOptions {
    @Option(names = "--url", description = "the coordinator's URL (default: $RELOCATE_URL or ${DEFAULT-VALUE})",
            defaultValue = "${env:RELOCATE_URL:-" + CoordinatorClient.DEFAULT_URL + "}")
    String url;

    public CoordinatorClient client() {
        return new CoordinatorClient(url);
    }
}
