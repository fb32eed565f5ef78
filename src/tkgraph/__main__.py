from tkgraph.cli import main

main()
