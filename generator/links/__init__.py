"""Link checking, in the stages of lychee: collect URLs, check them, report the results.

`collect` finds every URL with the places it appears, `check` asks each host once and politely,
`cache` remembers recent successes, `report` formats results. Nothing here prints.
"""
