"""The sources' links (``counterclaim links``): asking each site for its address, what the
answers mean, and rewriting addresses that moved for good."""
