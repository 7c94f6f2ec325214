import CnsimCLI
import Foundation

exit(CnsimMain.main(Array(CommandLine.arguments.dropFirst())))
