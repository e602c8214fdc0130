"""The recovery pages, by what they are about: the journeys and their steps, what the steps' forms do, the week."""
