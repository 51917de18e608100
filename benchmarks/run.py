"""Run every benchmark (`make bench`); results land in benchmarks/results/."""

from benchmarks import critique, retrieval

if __name__ == "__main__":
    critique.main()
    retrieval.main()
