"""The application layer: what the command line and the GUI do, without Qt and without argparse."""
