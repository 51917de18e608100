"""Run every benchmark (`make bench`); results land in benchmarks/results/ and the README's performance section."""

from benchmarks import batch, critique, retrieval

if __name__ == "__main__":
    critique.main()
    retrieval.main()
    batch.main()
