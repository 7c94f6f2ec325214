import ArgumentParser

/// `cnsim import KIND FILE`: a runtime scenario written from another tool's description of a
/// system; each kind of file is a subcommand of its own.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented runtime scenario from another tool's files.",
        discussion: """
            Everything the files leave unsaid is a stated assumption, written as a comment in the \
            scenario. Invalid input is reported as FILE:LINE:COLUMN, exit 2, nothing written.
            """,
        subcommands: [ImportSpigo.self, ImportZipkin.self]
    )
}
