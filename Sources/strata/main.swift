import Foundation
import StrataCLI

exit(Strata.execute(Array(CommandLine.arguments.dropFirst())))
