from ciskg.cli import main

main()
