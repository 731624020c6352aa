"""Quality harnesses on labelled data (language, pairs, clusters, ...): every figure is
reported beside its baselines, measured in the same run on the same data.
"""
