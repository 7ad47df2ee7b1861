"""Published fact-checks brought in (``counterclaim import``): ClaimReview records found in saved
pages, DataFeeds and the Fact Check Tools API's answers, written as claim and claimant files."""
