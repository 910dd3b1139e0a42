"""The svkg ontology's terms as a closed rdflib namespace, and svkg's other namespaces.

GENERATED from ontology/svkg.ttl by `svkg ontology namespace`: do not edit by hand. A test fails when this
file is stale. `SVKG.Action` is https://w3id.org/svkg/ontology#Action; `SVKG.Actoin` raises
AttributeError (the namespace is closed).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from graph import iris


class SVKG(DefinedNamespace):
    """https://w3id.org/svkg/ontology#

    38 classes, 40 object properties, 31 datatype properties, 1 annotation properties.
    """

    _fail = True
    _NS = Namespace("https://w3id.org/svkg/ontology#")

    # classes
    Action: URIRef  # Action
    ActionType: URIRef  # Action type
    Allegation: URIRef  # Allegation
    Alliance: URIRef  # Alliance
    AllianceMembership: URIRef  # Alliance membership
    AllianceType: URIRef  # Alliance type
    Claim: URIRef  # Claim
    Company: URIRef  # Company
    Dataset: URIRef  # Dataset
    DatePrecision: URIRef  # Date precision
    DyadicTie: URIRef  # Dyadic tie
    ExecutiveOrder: URIRef  # Executive order
    FollowedLink: URIRef  # Followed link
    GovernmentBody: URIRef  # Government body
    IntergovernmentalOrganization: URIRef  # Intergovernmental organisation
    Law: URIRef  # Law
    LawSection: URIRef  # Law section
    LegalInstrument: URIRef  # Legal instrument
    MediaOrganization: URIRef  # Media organisation
    NewsArticle: URIRef  # News article
    OfficialDocument: URIRef  # Official document
    OfficialList: URIRef  # Official list
    Person: URIRef  # Person
    Position: URIRef  # Position
    PublicAuthority: URIRef  # Public authority
    Regulation: URIRef  # Regulation
    ResolutionLink: URIRef  # resolution link
    RippleRun: URIRef  # Ripple run
    Role: URIRef  # Role
    ScopeCategory: URIRef  # Scope category
    Source: URIRef  # Source
    SourceGraph: URIRef  # Source graph
    Stance: URIRef  # Stance
    State: URIRef  # State
    Status: URIRef  # Status
    UnnamedSource: URIRef  # Unnamed source
    VerificationLevel: URIRef  # Verification level
    WebPage: URIRef  # Web page

    # object properties
    actionType: URIRef  # action type
    actor: URIRef  # actor
    affiliation: URIRef  # affiliation
    allegationAgainst: URIRef  # allegation against
    allegedBy: URIRef  # alleged by
    allianceType: URIRef  # alliance type
    assertedBy: URIRef  # asserted by
    claimAbout: URIRef  # claim about
    currentStatus: URIRef  # current status
    datePrecision: URIRef  # date precision
    endPrecision: URIRef  # end precision
    follower: URIRef  # follower
    followerAction: URIRef  # follower action
    headquarteredIn: URIRef  # headquartered in
    issuedBy: URIRef  # issued by
    jurisdiction: URIRef  # jurisdiction
    leader: URIRef  # leader
    leaderAction: URIRef  # leader action
    left: URIRef  # left
    legalBasis: URIRef  # legal basis
    nationality: URIRef  # nationality
    parentOf: URIRef  # parent of
    party: URIRef  # party
    relatedTo: URIRef  # related to
    reportedBy: URIRef  # reported by
    requestedBy: URIRef  # requested by
    respondsTo: URIRef  # responds to
    reverses: URIRef  # reverses
    right: URIRef  # right
    scopeCategory: URIRef  # scope category
    source: URIRef  # source
    stance: URIRef  # stance
    startPrecision: URIRef  # start precision
    status: URIRef  # status
    subsidiaryOf: URIRef  # subsidiary of
    supersedes: URIRef  # supersedes
    target: URIRef  # target
    vendor: URIRef  # vendor
    verification: URIRef  # verification
    viaAlliance: URIRef  # via alliance

    # datatype properties
    announcedDate: URIRef  # announced date
    attributionProbability: URIRef  # attribution probability
    cameoCode: URIRef  # CAMEO code
    citation: URIRef  # citation
    claimDate: URIRef  # claim date
    cowCode: URIRef  # COW state code
    date: URIRef  # date
    decision: URIRef  # decision
    effectiveDate: URIRef  # effective date
    enactedDate: URIRef  # enacted date
    endDate: URIRef  # end date
    importer: URIRef  # importer
    isoAlpha2: URIRef  # ISO 3166-1 alpha-2 code
    isoAlpha3: URIRef  # ISO 3166-1 alpha-3 code
    lagDays: URIRef  # lag in days
    location: URIRef  # location
    originFile: URIRef  # origin file
    quote: URIRef  # quote
    reason: URIRef  # reason
    retrievedDate: URIRef  # retrieved date
    roleNote: URIRef  # role note
    runParameters: URIRef  # run parameters
    scope: URIRef  # scope
    score: URIRef  # score
    sha256: URIRef  # SHA-256 checksum
    snapshotDate: URIRef  # snapshot date
    startDate: URIRef  # start date
    statusNote: URIRef  # status note
    targetNote: URIRef  # target note
    tripleCount: URIRef  # triple count
    verificationNote: URIRef  # verification note

    # annotation properties
    rangeScheme: URIRef  # range scheme


ID = Namespace(iris.ID)  # things: ID['state/JP']
VOCAB = Namespace(iris.VOCAB)  # concept schemes: VOCAB['action-type']
GRAPH = Namespace(iris.GRAPH)  # named graphs: GRAPH['curated/timeline']
SHAPES = Namespace("https://w3id.org/svkg/shapes#")  # SHACL shapes

ONTOLOGY_GRAPH = URIRef(iris.ONTOLOGY_GRAPH)
META_GRAPH = URIRef(iris.META_GRAPH)
RESOLUTION_GRAPH = URIRef(iris.RESOLUTION_GRAPH)
RIPPLE_GRAPH = URIRef(iris.RIPPLE_GRAPH)

# concepts of each vocabulary: ACTION_TYPE['procurement-ban'], STATUS['enacted'],
# CAMEO['163']
ACTION_TYPE = Namespace(iris.VOCAB + "action-type/")
STATUS = Namespace(iris.VOCAB + "status/")
VERIFICATION = Namespace(iris.VOCAB + "verification/")
PRECISION = Namespace(iris.VOCAB + "precision/")
STANCE = Namespace(iris.VOCAB + "stance/")
ALLIANCE_TYPE = Namespace(iris.VOCAB + "alliance-type/")
SCOPE = Namespace(iris.VOCAB + "scope/")
ROLE = Namespace(iris.VOCAB + "role/")
CAMEO = Namespace(iris.VOCAB + "cameo/")
