import StrataCLI

Strata.main()
