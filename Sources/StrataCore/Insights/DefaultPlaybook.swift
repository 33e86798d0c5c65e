extension Playbook {
    /// The built-in playbook (also `examples/playbook.yaml`, and printed by `strata playbook`).
    public static let defaultYAML = """
    # Strata playbook: how each segment's action plan is chosen and worded.
    #
    # A segment named in a strategy's `segments` gets that strategy. Any other segment (custom
    # segments, clusters) gets the first strategy whose `when` conditions all hold, and the strategy
    # with neither `segments` nor `when` is the fallback.
    #
    # Conditions are `metric op number` on the segment's profile: the mean of an indicator
    # (engagement_rate, avg_response_days, conversion_rate, avg_order_value, orders, revenue,
    # recency_days, discount_share, usage_breadth, support_tickets, nps_score, p_alive,
    # clv), its median (median_ + name), size, share, revenue_share, rank (priority) or
    # channel_share (the share of members whose preferred channel is the segment's most common).
    #
    # Texts may use {segment}, {size}, {channel} (the members' preferred channel), {weekday} and
    # {hour} (their most common), {category} (their most common top category) and {response_days}
    # (their median response time). `channel` and `timing` are `preferred` unless set: the
    # members' most common channel, day and hour. `for_causes` adds a step when the diagnostics
    # find that cause of disengagement among the least-engaged.
    strategies:
      - name: Grow the best
        segments: [active, Champions, Loyal Customers]
        when: ["engagement_rate >= 0.5", "median_recency_days <= 60"]
        objective: Keep them buying and turn them into advocates
        message: First look at what is new in {category}, picked for people who know us well
        offer: A loyalty reward on the next order and a referral bonus for each friend who buys
        frequency: Weekly at most; skip anyone who bought in the last 7 days
        kpi: Repeat purchase rate and referred first orders

      - name: Win back the valuable
        segments: ["Can't Lose Them", At Risk]
        when: ["median_recency_days >= 120", "orders >= 3"]
        objective: Bring back customers who used to buy often, before they are gone
        message: A personal note on what changed in {category} since their last order
        offer: A personal discount with a two-week deadline
        frequency: Two touches ten days apart, then stop
        kpi: Share who order again within 60 days

      - name: Nurture the passive
        segments: [passive, Potential Loyalist, Promising, Need Attention, About To Sleep]
        when: ["engagement_rate < 0.5", "engagement_rate >= 0.1"]
        objective: Build the habit with useful content and easy first steps
        message: How-to guides and ideas around {category}; one clear next step per message
        offer: A low-threshold offer such as free delivery on a small basket
        frequency: A nurture chain every 10–14 days, varying content and format
        kpi: Engagement rate and conversion rate over the next 90 days

      - name: Welcome the new
        segments: [new, New Customers]
        objective: Make the first weeks count so a second order follows
        message: A short welcome series showing what to use first and where to get help
        offer: A second-order incentive valid for 30 days
        frequency: Three messages over the first three weeks
        kpi: Share placing a second order within 30 days
        for_causes:
          poor onboarding: Rework the first 30 days; the least-engaged stopped early

      - name: Reactivate the least engaged
        segments: [least-engaged, Hibernating, Lost]
        when: ["engagement_rate < 0.1"]
        objective: Find out what went wrong and win back those worth it
        message: A short "what would bring you back?" survey, then one reactivation offer
        offer: A small no-strings gift for answering; one reactivation discount after
        channel: preferred
        fallback_channel: sms
        frequency: Monthly at most; stop after three unanswered touches
        kpi: Response rate to the survey and reactivated customers; watch unsubscribes
        for_causes:
          channel mismatch: Stop email for them and move touches to {channel}
          shallow usage: Show the features and categories they never tried
          no feedback: Ask for feedback before any offer
          poor onboarding: Fix onboarding; most stopped within months of signing up
          information overload: Cut the frequency in half for this segment
          unmet expectations: Follow up open tickets and low scores personally first
          particular age group: Test simpler messages and larger type for older members
          particular region: Check delivery, prices and local events in the regions named

      - name: First purchase
        segments: [No Purchase]
        objective: Turn sign-ups and visitors into first-time buyers
        message: The most popular products and what other customers say about them
        offer: A welcome discount on the first order
        frequency: Weekly for a month, then monthly
        kpi: Share placing a first order within 30 days

      - name: Keep in touch
        objective: Stay relevant without over-contacting
        message: Updates around {category} matched to past purchases
        offer: None by default; test a small offer on a sample first
        frequency: Every two weeks
        kpi: Engagement rate and revenue per customer
    """
}
